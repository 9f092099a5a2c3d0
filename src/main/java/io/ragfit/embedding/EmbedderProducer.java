package io.ragfit.embedding;

import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.logging.Log;
import io.ragfit.openai.EndpointPolicy;
import io.ragfit.openai.EndpointSlots;
import io.ragfit.openai.ModelGuard;
import io.ragfit.openai.OpenAiClients;

import java.time.Duration;

@ApplicationScoped
class EmbedderProducer {

    @Produces
    @ApplicationScoped
    Embedder embedder(EmbeddingConfig config, OpenAiClients clients) {
        return switch (config.provider()) {
            case IN_PROCESS -> {
                int threads = config.inProcessThreads().orElse(Runtime.getRuntime().availableProcessors());
                Log.infof("Embedding in process with %s on %d threads", InProcessEmbedder.MODEL, threads);
                yield new InProcessEmbedder(Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("embedder-", 0).daemon().factory()),
                        config.queryPrefix().orElse(InProcessEmbedder.QUERY_INSTRUCTION));
            }
            case REMOTE -> remote(config, clients);
        };
    }

    private static Embedder remote(EmbeddingConfig config, OpenAiClients clients) {
        EmbeddingConfig.Remote remote = config.remote();
        String missing = remote.url().isEmpty() ? "ragfit.embedding.remote.url"
                : remote.model().isEmpty() ? "ragfit.embedding.remote.model"
                : remote.dimensions().isEmpty() ? "ragfit.embedding.remote.dimensions" : null;
        if (missing != null) {
            throw new IllegalStateException("ragfit.embedding.provider=remote needs " + missing);
        }
        EmbeddingModel model = new EmbeddingModel(remote.model().get(), remote.dimensions().getAsInt());
        String url = remote.url().get().toString();
        Log.infof("Embedding with %s at %s", model, url);
        EndpointPolicy policy = new EndpointPolicy(remote.maxConcurrentRequests(), remote.timeout(), remote.maxRetries(),
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(2));
        return new RemoteEmbedder(clients.forEndpoint(remote.url().get(), remote.maxConcurrentRequests()),
                new ModelGuard(url, "embeddings model " + model.name() + " at " + url, new EndpointSlots(url, policy), policy),
                model, remote.apiKey(),
                remote.sendDimensions(), remote.batchSize(), config.queryPrefix().orElse(""));
    }
}
