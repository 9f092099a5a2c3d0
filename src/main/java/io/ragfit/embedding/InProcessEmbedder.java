package io.ragfit.embedding;

import java.util.List;
import java.util.concurrent.ExecutorService;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * bge-small-en-v1.5 (quantized ONNX) running in the service's JVM. It reads 510 tokens at once, so a
 * 1,500-character chunk (300-400 tokens) is embedded whole; a longer text is split at word pieces and its
 * parts averaged by length, never silently truncated.
 */
public final class InProcessEmbedder implements Embedder {

    public static final EmbeddingModel MODEL = new EmbeddingModel("bge-small-en-v1.5-q", 384);
    /** The instruction bge-en v1.5 was trained to see before short retrieval queries. */
    public static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private final BgeSmallEnV15QuantizedEmbeddingModel model;
    private final String queryPrefix;

    /** {@code computation} runs the model; callers wait on Quarkus's worker pool, never on it (no starvation). */
    public InProcessEmbedder(ExecutorService computation, String queryPrefix) {
        this.model = new BgeSmallEnV15QuantizedEmbeddingModel(computation);
        this.queryPrefix = queryPrefix;
    }

    @Override
    public EmbeddingModel model() {
        return MODEL;
    }

    @Override
    public Uni<List<float[]>> embedDocuments(List<String> texts) {
        return Uni.createFrom().item(() -> model.embedAll(texts.stream().map(TextSegment::from).toList()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(response -> response.content().stream().map(Embedding::vector).toList());
    }

    @Override
    public Uni<float[]> embedQuery(String text) {
        return Uni.createFrom().item(() -> model.embed(queryPrefix + text).content().vector())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
