package io.ragfit.embedding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.ragfit.openai.EmbeddingsRequest;
import io.ragfit.openai.EmbeddingsResponse;
import io.ragfit.openai.ModelGuard;
import io.ragfit.openai.OpenAiApi;
import io.ragfit.openai.OpenAiClients;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** An OpenAI-compatible {@code /v1/embeddings} endpoint, called in batches through the endpoint's guard. */
final class RemoteEmbedder implements Embedder {

    private final OpenAiApi api;
    private final ModelGuard guard;
    private final EmbeddingModel model;
    private final String authorization;
    private final Integer dimensionsSent;
    private final int batchSize;
    private final String queryPrefix;

    RemoteEmbedder(OpenAiApi api, ModelGuard guard, EmbeddingModel model, Optional<String> apiKey,
            boolean sendDimensions, int batchSize, String queryPrefix) {
        this.api = api;
        this.guard = guard;
        this.model = model;
        this.authorization = OpenAiClients.bearer(apiKey);
        this.dimensionsSent = sendDimensions ? model.dimensions() : null;
        this.batchSize = batchSize;
        this.queryPrefix = queryPrefix;
    }

    @Override
    public EmbeddingModel model() {
        return model;
    }

    @Override
    public Uni<List<float[]>> embedDocuments(List<String> texts) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += batchSize) {
            batches.add(texts.subList(i, Math.min(i + batchSize, texts.size())));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(this::embedBatch)
                .collect().in(ArrayList::new, List::addAll);
    }

    @Override
    public Uni<float[]> embedQuery(String text) {
        return embedBatch(List.of(queryPrefix + text)).map(List::getFirst);
    }

    private Uni<List<float[]>> embedBatch(List<String> batch) {
        return guard.call(() -> api.embeddings(authorization, new EmbeddingsRequest(model.name(), batch, dimensionsSent)))
                .map(response -> vectors(response, batch.size()));
    }

    /** The vectors in input order, after checking the endpoint returned one per text, of the expected length. */
    private List<float[]> vectors(EmbeddingsResponse response, int expected) {
        if (response.data() == null || response.data().size() != expected) {
            throw new IllegalStateException("the embeddings endpoint returned "
                    + (response.data() == null ? 0 : response.data().size()) + " vectors for " + expected + " texts");
        }
        List<float[]> vectors = response.data().stream()
                .sorted(Comparator.comparingInt(EmbeddingsResponse.Embedding::index))
                .map(EmbeddingsResponse.Embedding::embedding)
                .toList();
        for (float[] vector : vectors) {
            if (vector.length != model.dimensions()) {
                throw new IllegalStateException("model " + model.name() + " returned " + vector.length
                        + "-dimensional vectors; ragfit.embedding.remote.dimensions says " + model.dimensions());
            }
        }
        return vectors;
    }
}
