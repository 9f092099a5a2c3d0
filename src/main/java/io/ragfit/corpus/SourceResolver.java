package io.ragfit.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.ragfit.failure.RefusedException;

/** Turns a path a client names into a file under the corpus root, refusing anything that leads outside it. */
public final class SourceResolver {

    private final Path root;

    public SourceResolver(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path resolve(String requested) {
        Path candidate = root.resolve(requested).normalize();
        if (!candidate.startsWith(root)) {
            throw new SourceOutsideRootException(requested);
        }
        if (!Files.isRegularFile(candidate)) {
            throw new NoSuchSourceException(requested);
        }
        try {
            // a link inside the root may point outside it
            if (!candidate.toRealPath().startsWith(root.toRealPath())) {
                throw new SourceOutsideRootException(requested);
            }
        } catch (IOException e) {
            throw new NoSuchSourceException(requested);
        }
        return candidate;
    }

    public static class SourceOutsideRootException extends RefusedException {

        SourceOutsideRootException(String requested) {
            super(Family.FORBIDDEN, "'" + requested + "' is outside the corpus root: give a path relative to it, without '..'");
        }
    }

    public static class NoSuchSourceException extends RefusedException {

        // the root's own location is the server's business, not the client's
        NoSuchSourceException(String requested) {
            super(Family.INVALID, "no file '" + requested + "' under the corpus root (ragfit.corpus.root)");
        }
    }
}
