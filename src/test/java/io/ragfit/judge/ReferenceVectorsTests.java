package io.ragfit.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.ragfit.embedding.Embedder;
import io.ragfit.embedding.EmbeddingModel;
import io.smallrye.mutiny.Uni;

class ReferenceVectorsTests {

    /** One dimension: the text's length; counts the texts it embeds, and fails while told to. */
    private static final class CountingEmbedder implements Embedder {

        final AtomicInteger embedded = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public EmbeddingModel model() {
            return new EmbeddingModel("length", 1);
        }

        @Override
        public Uni<List<float[]>> embedDocuments(List<String> texts) {
            return Uni.createFrom().item(() -> {
                if (failing.get()) {
                    throw new IllegalStateException("embedder down");
                }
                embedded.addAndGet(texts.size());
                return texts.stream().map(text -> new float[] { text.length() }).toList();
            }).onItem().delayIt().by(Duration.ofMillis(20));
        }

        @Override
        public Uni<float[]> embedQuery(String text) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void shouldEmbedEachReferenceOnceForEveryAnswerComparedWithItInTheOrderAsked() {
        CountingEmbedder embedder = new CountingEmbedder();
        ReferenceVectors vectors = new ReferenceVectors(embedder);

        // two variants' answers judged at the same time, against the same references
        List<List<float[]>> both = Uni.join().all(vectors.of(List.of("Paris", "the capital")),
                vectors.of(List.of("Paris", "the capital"))).andFailFast().await().atMost(Duration.ofSeconds(5));
        List<float[]> again = vectors.of(List.of("the capital", "Paris")).await().atMost(Duration.ofSeconds(5));

        assertThat(embedder.embedded).hasValue(2);
        assertThat(both.get(0)).extracting(vector -> vector[0]).containsExactly(5f, 11f);
        assertThat(both.get(1)).extracting(vector -> vector[0]).containsExactly(5f, 11f);
        assertThat(again).extracting(vector -> vector[0]).containsExactly(11f, 5f);
    }

    @Test
    void shouldEmbedAgainAReferenceWhoseEmbeddingFailed() {
        CountingEmbedder embedder = new CountingEmbedder();
        ReferenceVectors vectors = new ReferenceVectors(embedder);
        embedder.failing.set(true);

        assertThatThrownBy(() -> vectors.of(List.of("Paris")).await().atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("embedder down");
        embedder.failing.set(false);

        assertThat(vectors.of(List.of("Paris")).await().atMost(Duration.ofSeconds(5)))
                .extracting(vector -> vector[0]).containsExactly(5f);
        assertThat(embedder.embedded).hasValue(1);
    }
}
