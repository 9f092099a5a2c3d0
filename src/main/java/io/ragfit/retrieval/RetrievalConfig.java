package io.ragfit.retrieval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ragfit.retrieval")
public interface RetrievalConfig {

    /** Chunks returned per question. Defaults to {@code 5}, as in Barnett et al. (2024). */
    @WithDefault("5")
    int k();

    /** Nearest-neighbour candidates each shard considers per search (recall against latency). Defaults to {@code 100}. */
    @WithDefault("100")
    int numCandidates();

    /** Prefix of the corpus indices: a corpus {@code nq} lives in {@code ragfit-corpus-nq}. */
    @WithDefault("ragfit-corpus-")
    String indexPrefix();

    /** Replicas of each corpus index. Defaults to {@code 1}; a single-node cluster wants {@code 0}. */
    @WithDefault("1")
    int replicas();

    /** HNSW graph degree. Defaults to {@code 16}. */
    @WithDefault("16")
    int hnswM();

    /** HNSW candidates while building. Defaults to {@code 100}. */
    @WithDefault("100")
    int hnswEfConstruction();

    /** Longest wait for one Elasticsearch request before Elasticsearch counts as unreachable. Defaults to 30 s. */
    @WithDefault("30s")
    java.time.Duration timeout();
}
