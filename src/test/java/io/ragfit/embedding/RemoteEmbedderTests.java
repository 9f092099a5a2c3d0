package io.ragfit.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.ragfit.openai.EndpointPolicy;
import io.ragfit.openai.EndpointSlots;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.openai.ModelGuard;
import io.ragfit.openai.OpenAiClients;
import io.ragfit.testing.OpenAiDouble;
import io.ragfit.testing.OpenAiDouble.Fault;
import io.smallrye.mutiny.Uni;

@QuarkusTest
class RemoteEmbedderTests {

    private static final OpenAiDouble DOUBLE = OpenAiDouble.start(8);
    private static final EmbeddingModel MODEL = new EmbeddingModel("test-embedder", 8);

    @AfterAll
    static void stopDouble() {
        DOUBLE.close();
    }

    @BeforeEach
    void resetDouble() {
        DOUBLE.reset();
    }

    @Inject
    OpenAiClients clients;

    private RemoteEmbedder embedder(int maxConcurrent, int maxRetries, EmbeddingModel model) {
        EndpointPolicy policy = new EndpointPolicy(maxConcurrent, Duration.ofSeconds(5), maxRetries,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
        return new RemoteEmbedder(clients.forEndpoint(DOUBLE.baseUrl(), maxConcurrent),
                new ModelGuard(DOUBLE.baseUrl().toString(), "embeddings", new EndpointSlots(DOUBLE.baseUrl().toString(), policy),
                        policy), model, Optional.of("sk-test-secret"), false, 64,
                "query: ");
    }

    @Test
    void shouldSendBatchesWithTheKeyAndKeepTheInputOrder() {
        List<String> texts = IntStream.range(0, 150).mapToObj(i -> "text number " + i).toList();

        List<float[]> vectors = embedder(4, 0, MODEL).embedDocuments(texts).await().atMost(Duration.ofSeconds(30));

        assertThat(vectors).hasSize(150).allSatisfy(vector -> assertThat(vector).hasSize(8));
        assertThat(DOUBLE.received()).hasSize(3)
                .allSatisfy(request -> assertThat(request.authorization()).isEqualTo("Bearer sk-test-secret"));
        assertThat(DOUBLE.received()).extracting(request -> request.body().getJsonArray("input").size())
                .containsExactly(64, 64, 22);
        float[] alone = embedder(4, 0, MODEL).embedDocuments(List.of("text number 149")).await().indefinitely().getFirst();
        assertThat(vectors.get(149)).containsExactly(alone);
    }

    @Test
    void shouldPutThePrefixBeforeQueriesOnly() {
        embedder(4, 0, MODEL).embedQuery("where is my parcel").await().atMost(Duration.ofSeconds(10));

        assertThat(DOUBLE.received().getFirst().body().getJsonArray("input").getString(0))
                .isEqualTo("query: where is my parcel");
    }

    @Test
    void shouldWaitAsLongAsRetryAfterSaysThenSucceed() {
        DOUBLE.fail(Fault.tooManyRequests(1));

        List<float[]> vectors = embedder(4, 3, MODEL).embedDocuments(List.of("hello")).await().atMost(Duration.ofSeconds(30));

        assertThat(vectors).hasSize(1);
        List<OpenAiDouble.Received> requests = DOUBLE.received();
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).atNanos() - requests.get(0).atNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void shouldRetryServerErrorsThenSayTheEndpointIsUnavailable() {
        DOUBLE.fail(Fault.status(503), Fault.status(500), Fault.status(502));

        Uni<List<float[]>> failing = embedder(4, 2, MODEL).embedDocuments(List.of("hello"));

        assertThatThrownBy(() -> failing.await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(EndpointUnavailableException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(((EndpointUnavailableException) e).attempts()).isEqualTo(3));
        assertThat(DOUBLE.received()).hasSize(3);
    }

    @Test
    void shouldNotRetryAClientError() {
        DOUBLE.fail(Fault.status(400));

        assertThatThrownBy(() -> embedder(4, 5, MODEL).embedDocuments(List.of("hello")).await().atMost(Duration.ofSeconds(30)))
                .isInstanceOf(WebApplicationException.class);
        assertThat(DOUBLE.received()).hasSize(1);
    }

    @Test
    void shouldRefuseVectorsOfTheWrongLength() {
        RemoteEmbedder expectingMore = embedder(4, 0, new EmbeddingModel("test-embedder", 16));

        assertThatThrownBy(() -> expectingMore.embedDocuments(List.of("hello")).await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("returned 8-dimensional vectors")
                .hasMessageContaining("says 16");
    }

    @Test
    void shouldNeverHaveMoreRequestsInFlightThanItsLimit() {
        DOUBLE.latency(Duration.ofMillis(100));
        RemoteEmbedder limited = embedder(3, 0, MODEL);

        List<Uni<List<float[]>>> calls = IntStream.range(0, 12)
                .mapToObj(i -> limited.embedDocuments(List.of("call " + i)))
                .toList();
        Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(DOUBLE.received()).hasSize(12);
        assertThat(DOUBLE.maxInFlight()).isEqualTo(3);
    }
}
