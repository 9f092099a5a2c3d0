package io.ragfit.embedding;

import java.util.List;
import java.util.concurrent.ExecutorService;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * bge-small-en-v1.5 (quantized ONNX) running in the service's JVM. It reads 510 tokens at once, so a
 * 1,500-character chunk (300-400 tokens) is embedded whole; a longer text is split at word pieces and its
 * parts averaged by length, never silently truncated. Each text is one task on the model's own threads, so as many
 * texts are computed at once as there are threads, and no caller's thread waits for one.
 */
public final class InProcessEmbedder implements Embedder {

    public static final EmbeddingModel MODEL = new EmbeddingModel("bge-small-en-v1.5-q", 384);
    /** The instruction bge-en v1.5 was trained to see before short retrieval queries. */
    public static final String QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private final BgeSmallOnnxModel model = new BgeSmallOnnxModel();
    private final ExecutorService computation;
    private final String queryPrefix;

    public InProcessEmbedder(ExecutorService computation, String queryPrefix) {
        this.computation = computation;
        this.queryPrefix = queryPrefix;
    }

    @Override
    public EmbeddingModel model() {
        return MODEL;
    }

    @Override
    public Uni<List<float[]>> embedDocuments(List<String> texts) {
        if (texts.size() == 1) {
            return embed(texts.getFirst()).map(List::of);
        }
        return Uni.join().all(texts.stream().map(this::embed).toList()).andFailFast();
    }

    @Override
    public Uni<float[]> embedQuery(String text) {
        return embed(queryPrefix + text);
    }

    private Uni<float[]> embed(String text) {
        // what follows runs on Quarkus's workers: the model's threads compute vectors and nothing else
        return Uni.createFrom().item(() -> model.embed(text).content().vector()).runSubscriptionOn(computation)
                .emitOn(Infrastructure.getDefaultWorkerPool());
    }
}
