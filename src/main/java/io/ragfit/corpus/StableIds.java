package io.ragfit.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ids derived from content, for datasets that give none: the same input always gets the same id. */
public final class StableIds {

    private StableIds() {
    }

    /** {@code prefix:} followed by 16 hex digits of the SHA-256 of the parts. */
    public static String of(String prefix, String... parts) {
        return prefix + ":" + sha256(parts).substring(0, 16);
    }

    /** The SHA-256 (64 hex digits) of the parts, each followed by a NUL byte. */
    public static String sha256(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
