package io.ragfit.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One message of a chat: {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {

    /** SHA-256 (hex) over each message's role and content: the same messages, byte for byte, give the same hash. */
    public static String hash(List<ChatMessage> messages) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ChatMessage message : messages) {
                for (String part : new String[] { message.role(), message.content() }) {
                    sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
