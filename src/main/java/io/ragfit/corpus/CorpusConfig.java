package io.ragfit.corpus;

import java.nio.file.Path;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.corpus")
public interface CorpusConfig {

    /** Folder that server-side sources are read from; a path that leads outside it is refused. Defaults to {@code datasets}. */
    @WithDefault("datasets")
    Path root();

    /** Where uploaded files wait while they are ingested. Defaults to {@code ragfit-uploads} in the temporary folder. */
    Optional<Path> stagingDir();

    /** Chunk size in characters for new corpora. Defaults to {@code 1500}, as in Barnett et al. (2024). */
    @WithDefault("1500")
    int chunkSize();

    /** Characters a chunk repeats from the previous one, for new corpora. Defaults to {@code 0}. */
    @WithDefault("0")
    int chunkOverlap();

    /** Ingestions running at once across every instance; more are refused (429) until one ends. Defaults to {@code 4}. */
    @WithDefault("4")
    int maxConcurrentIngestions();

    /** Chunks embedded and sent to Elasticsearch together. Defaults to {@code 64}. */
    @WithDefault("64")
    int batchSize();

    /** Batches in flight at once, each an embedding call then a bulk request. Defaults to {@code 2}. */
    @WithDefault("2")
    int concurrency();

    /**
     * Share of malformed source records above which an ingestion fails (what it loaded stays); a request may set
     * its own with {@code maxMalformedShare}. Defaults to {@code 0.05}.
     */
    @WithDefault("0.05")
    double maxMalformedShare();

    /** Malformed records and refused chunks reported in detail per ingestion; more are counted only. Defaults to {@code 100}. */
    @WithDefault("100")
    int maxReportedProblems();
}
