package io.ragfit.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** Where ingestions read from: files under the corpus root, or uploads staged aside until ingested. */
@ApplicationScoped
public class IngestionSources {

    private final SourceResolver root;
    private final Path staging;

    IngestionSources(CorpusConfig config) {
        this.root = new SourceResolver(config.root());
        this.staging = config.stagingDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "ragfit-uploads"));
    }

    /** A file named relative to the corpus root. */
    public IngestionSource underRoot(String path) {
        return new IngestionSource(root.resolve(path), path, false);
    }

    /** An uploaded file, moved aside so that it outlives the request. */
    public IngestionSource upload(Path uploaded, String name, String corpus) {
        Path staged = stagedFile(corpus);
        try {
            Files.move(uploaded, staged, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the uploaded file " + name, e);
        }
        return new IngestionSource(staged, "upload " + name, true);
    }

    /** A request body, written to disk as it arrives (it may be larger than memory). */
    public IngestionSource stream(InputStream body, String corpus) {
        Path staged = stagedFile(corpus);
        try (InputStream input = body) {
            Files.copy(input, staged, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            staged.toFile().delete();
            throw new UncheckedIOException("Cannot read the request body", e);
        }
        return new IngestionSource(staged, "stream", true);
    }

    private Path stagedFile(String corpus) {
        try {
            Files.createDirectories(staging);
            return staging.resolve(corpus + "-" + UUID.randomUUID() + ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging folder " + staging, e);
        }
    }
}
