package io.ragfit.retrieval;

import static io.ragfit.tracing.SpanAttributes.DB_COLLECTION;
import static io.ragfit.tracing.SpanAttributes.DB_OPERATION;
import static io.ragfit.tracing.SpanAttributes.DB_SYSTEM;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorIndexOptionsType;
import co.elastic.clients.elasticsearch._types.mapping.DenseVectorSimilarity;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.TransportException;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.ragfit.embedding.EmbeddingModel;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;

/**
 * One Elasticsearch index per corpus: chunks with their provenance and a {@code dense_vector} (cosine,
 * HNSW). The mapping's {@code _meta} records the embedding model, its dimensions and the chunking, so a
 * corpus is never mixed with, nor queried by, vectors of another model. A kNN search is a client span named
 * after the database conventions ({@code search INDEX}).
 */
@ApplicationScoped
public class ChunkIndex {

    static final String VECTOR = "vector";
    private static final String META_MODEL = "embedding_model";
    private static final String META_DIMENSIONS = "dimensions";
    private static final String META_CHUNK_SIZE = "chunk_size";
    private static final String META_CHUNK_OVERLAP = "chunk_overlap";


    private final ElasticsearchAsyncClient client;
    private final RetrievalConfig config;
    private final Traces traces;

    ChunkIndex(ElasticsearchAsyncClient client, RetrievalConfig config, Traces traces) {
        this.client = client;
        this.config = config;
        this.traces = traces;
    }

    /** Outcome of indexing one batch: Elasticsearch may refuse some items and accept the others. */
    public record BulkOutcome(int indexed, List<Refusal> refused) {
    }

    public record Refusal(String chunkId, String reason) {
    }

    /** Exact counts from the index itself: its chunks, and its documents (chunks that begin one). */
    public record IndexStats(long chunks, long documents) {
    }

    public String indexName(String corpus) {
        return config.indexPrefix() + corpus;
    }

    /** Creates the corpus index if it does not exist; if it does, checks it was built with the same model. */
    public Uni<IndexSettings> ensure(String corpus, IndexSettings wanted) {
        return settings(corpus).chain(existing -> {
            if (existing.isPresent()) {
                if (!existing.get().model().equals(wanted.model())) {
                    return Uni.createFrom().failure(
                            new EmbeddingModelMismatchException(corpus, existing.get().model(), wanted.model()));
                }
                return Uni.createFrom().item(existing.get());
            }
            return create(corpus, wanted).replaceWith(wanted);
        });
    }

    private Uni<Void> create(String corpus, IndexSettings settings) {
        return call("create index for corpus " + corpus, () -> client.indices().create(c -> c
                .index(indexName(corpus))
                .settings(s -> s
                        .numberOfShards("1")
                        .numberOfReplicas(Integer.toString(config.replicas()))
                        .refreshInterval(t -> t.time(config.refreshInterval().toMillis() + "ms")))
                .mappings(m -> m
                        .meta(Map.of(
                                META_MODEL, JsonData.of(settings.model().name()),
                                META_DIMENSIONS, JsonData.of(settings.model().dimensions()),
                                META_CHUNK_SIZE, JsonData.of(settings.chunkSize()),
                                META_CHUNK_OVERLAP, JsonData.of(settings.chunkOverlap())))
                        .properties("document_id", p -> p.keyword(k -> k))
                        .properties("title", p -> p.text(t -> t))
                        .properties("section", p -> p.keyword(k -> k))
                        .properties("ordinal", p -> p.integer(i -> i))
                        .properties("start_offset", p -> p.integer(i -> i))
                        .properties("end_offset", p -> p.integer(i -> i))
                        .properties("text", p -> p.text(t -> t))
                        .properties(VECTOR, p -> p.denseVector(dv -> dv
                                .dims(settings.model().dimensions())
                                .similarity(DenseVectorSimilarity.Cosine)
                                .index(true)
                                .indexOptions(o -> o
                                        .type(indexType(config.indexType()))
                                        .m(config.hnswM())
                                        .efConstruction(config.hnswEfConstruction())))))))
                .replaceWithVoid();
    }

    private static DenseVectorIndexOptionsType indexType(RetrievalConfig.VectorIndexType type) {
        return switch (type) {
            case HNSW -> DenseVectorIndexOptionsType.Hnsw;
            case INT8_HNSW -> DenseVectorIndexOptionsType.Int8Hnsw;
            case INT4_HNSW -> DenseVectorIndexOptionsType.Int4Hnsw;
            case BBQ_HNSW -> DenseVectorIndexOptionsType.BbqHnsw;
        };
    }

    /** What the corpus index was built with, or empty when there is no index. */
    public Uni<Optional<IndexSettings>> settings(String corpus) {
        String index = indexName(corpus);
        return call("read index " + index, () -> client.indices().exists(e -> e.index(index)))
                .chain(exists -> !exists.value() ? Uni.createFrom().item(Optional.<IndexSettings>empty())
                        : call("read mapping of " + index, () -> client.indices().getMapping(g -> g.index(index)))
                                .map(mapping -> {
                                    Map<String, JsonData> meta = mapping.get(index).mappings().meta();
                                    return Optional.of(new IndexSettings(
                                            new EmbeddingModel(meta.get(META_MODEL).to(String.class),
                                                    meta.get(META_DIMENSIONS).to(Integer.class)),
                                            meta.get(META_CHUNK_SIZE).to(Integer.class),
                                            meta.get(META_CHUNK_OVERLAP).to(Integer.class)));
                                }));
    }

    /**
     * Indexes chunks with their vectors under their own ids, so indexing the same chunk again replaces
     * it. Items Elasticsearch refuses are reported, not thrown: the rest of the batch stands.
     */
    public Uni<BulkOutcome> index(String corpus, List<IndexedChunk> chunks) {
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(indexName(corpus));
        for (IndexedChunk chunk : chunks) {
            bulk.operations(op -> op.index(idx -> idx.id(chunk.id()).document(chunk)));
        }
        return call("index " + chunks.size() + " chunks into " + indexName(corpus), () -> client.bulk(bulk.build()))
                .map(response -> {
                    List<Refusal> refused = new ArrayList<>();
                    for (BulkResponseItem item : response.items()) {
                        if (item.error() != null) {
                            refused.add(new Refusal(item.id(), item.error().type() + ": " + item.error().reason()));
                        }
                    }
                    return new BulkOutcome(response.items().size() - refused.size(), refused);
                });
    }

    /** Makes what was indexed visible to searches now rather than within the refresh interval. */
    public Uni<Void> refresh(String corpus) {
        return call("refresh " + indexName(corpus), () -> client.indices().refresh(r -> r.index(indexName(corpus))))
                .replaceWithVoid();
    }

    public Uni<IndexStats> stats(String corpus) {
        String index = indexName(corpus);
        return call("count chunks of " + index, () -> client.search(s -> s
                .index(index)
                .size(0)
                .trackTotalHits(t -> t.enabled(true))
                // every document has exactly one first chunk: an exact count, where a cardinality would estimate
                .aggregations("documents", a -> a.filter(f -> f.term(t -> t.field("ordinal").value(0)))), Void.class))
                .map(response -> new IndexStats(response.hits().total().value(),
                        response.aggregations().get("documents").filter().docCount()));
    }

    /** The {@code k} chunks nearest to the query vector, best first. */
    public Uni<List<RetrievedChunk>> nearest(String corpus, float[] query, int k, int numCandidates) {
        List<Float> vector = new ArrayList<>(query.length);
        for (float value : query) {
            vector.add(value);
        }
        String index = indexName(corpus);
        Attributes attributes = Attributes.of(DB_SYSTEM, "elasticsearch", DB_OPERATION, "search", DB_COLLECTION, index);
        return traces.span("search " + index, SpanKind.CLIENT, attributes, trace -> call("search " + index, () -> client.search(s -> s
                .index(index)
                .knn(knn -> knn
                        .field(VECTOR)
                        .queryVector(vector)
                        .k(k)
                        .numCandidates(Math.max(k, numCandidates)))
                // the hits' text is wanted, not their vectors: 384 numbers each to send and parse for nothing
                .source(source -> source.filter(filter -> filter.excludes(VECTOR)))
                .size(k), IndexedChunk.class)))
                .map(response -> {
                    List<RetrievedChunk> chunks = new ArrayList<>();
                    for (Hit<IndexedChunk> hit : response.hits().hits()) {
                        IndexedChunk chunk = hit.source();
                        chunks.add(new RetrievedChunk(chunks.size() + 1, hit.id(), chunk.documentId(), chunk.title(),
                                chunk.section(), chunk.ordinal(), chunk.start(), chunk.end(), chunk.text(),
                                hit.score() == null ? 0 : hit.score()));
                    }
                    return chunks;
                });
    }

    public Uni<Void> delete(String corpus) {
        String index = indexName(corpus);
        return call("read index " + index, () -> client.indices().exists(e -> e.index(index)))
                .chain(exists -> !exists.value() ? Uni.createFrom().voidItem()
                        : call("delete " + index, () -> client.indices().delete(d -> d.index(index))).replaceWithVoid());
    }

    /** Runs one client call, turning its failures into a {@link SearchBackendException} that says what was attempted. */
    private <T> Uni<T> call(String what, Supplier<CompletableFuture<T>> request) {
        return Uni.createFrom().completionStage(() -> {
            try {
                return request.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        })
                .ifNoItem().after(config.timeout())
                .failWith(() -> new SearchBackendException("Elasticsearch did not answer within "
                        + config.timeout().toSeconds() + " s to " + what, null, true, 0))
                .onFailure(failure -> !(failure instanceof SearchBackendException))
                .transform(failure -> translate(what, failure));
    }

    private static Throwable translate(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ElasticsearchException rejected) {
            return new SearchBackendException("Elasticsearch refused to " + what + ": " + rejected.getMessage(), rejected,
                    false, rejected.status());
        }
        if (cause instanceof TransportException || cause instanceof IOException) {
            return new SearchBackendException("cannot reach Elasticsearch to " + what + ": " + cause.getMessage(), cause,
                    true, 0);
        }
        return cause;
    }
}
