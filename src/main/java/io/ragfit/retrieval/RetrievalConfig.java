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

    /**
     * How new corpus indices store and search vectors. Defaults to {@code int8_hnsw}: the graph over vectors
     * quantized to a byte per dimension, a quarter of the memory and cheaper to build and search than {@code hnsw}
     * (floats), with the same recall@5 on the retrieval benchmark. An index keeps the type it was created with.
     */
    @WithDefault("int8-hnsw")
    VectorIndexType indexType();

    /** The vector index types a corpus index may be created with. */
    enum VectorIndexType {
        HNSW,
        INT8_HNSW,
        INT4_HNSW,
        BBQ_HNSW
    }

    /**
     * How often a corpus index makes new chunks searchable on its own. Ingestion makes what it loaded searchable
     * when it ends; a long interval meanwhile spares Elasticsearch the small segments, and the merges that rebuild
     * their graphs, of a refresh every second. Defaults to 30 s; applied when an index is created.
     */
    @WithDefault("30s")
    java.time.Duration refreshInterval();

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
