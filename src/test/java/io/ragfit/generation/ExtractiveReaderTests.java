package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.ragfit.embedding.Embedder;
import io.ragfit.embedding.EmbeddingModel;
import io.ragfit.generation.GeneratedAnswer.Status;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** The built-in reader (ragfit's embedded default) against an in-memory embedder: no model, no stack. */
class ExtractiveReaderTests {

    /** One dimension per topic word: how often the text names it. Fails with {@code failure} when one is set. */
    private static final class TopicEmbedder implements Embedder {

        private static final List<String> TOPICS = List.of("refund", "ship", "return");
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        @Override
        public EmbeddingModel model() {
            return new EmbeddingModel("topics", TOPICS.size());
        }

        @Override
        public Uni<List<float[]>> embedDocuments(List<String> texts) {
            return Uni.createFrom().item(() -> texts.stream().map(this::vector).toList());
        }

        @Override
        public Uni<float[]> embedQuery(String text) {
            return Uni.createFrom().item(() -> vector(text));
        }

        private float[] vector(String text) {
            if (failure.get() != null) {
                throw failure.get();
            }
            String lower = text.toLowerCase(Locale.ROOT);
            float[] vector = new float[TOPICS.size()];
            for (int i = 0; i < TOPICS.size(); i++) {
                vector[i] = lower.split(TOPICS.get(i), -1).length - 1;
            }
            return vector;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Prompt PROMPT = new Prompt(List.of(), "prompt-hash", List.of("a#0", "b#0"), 0);
    private static final List<RetrievedChunk> CHUNKS = List.of(
            new RetrievedChunk(1, "a#0", "a", null, null, 0, 0, 0,
                    "Orders ship free above 50 euros. Refunds reach your card within five days. We ship to every EU country.", 0.9),
            new RetrievedChunk(2, "b#0", "b", null, null, 0, 0, 0,
                    "A refund is issued once the return arrives. Returns are free within thirty days.", 0.8));

    private final TopicEmbedder embedder = new TopicEmbedder();
    private final ExtractiveReader reader = new ExtractiveReader("builtin-reader", embedder, 2, null);

    private UniAssertSubscriber<GeneratedAnswer> answer(List<RetrievedChunk> chunks) {
        return reader.answer("How long does a refund take?", chunks, PROMPT).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void shouldAnswerWithTheSentencesClosestToTheQuestionInReadingOrder() {
        GeneratedAnswer answer = answer(CHUNKS).awaitItem(WAIT).getItem();

        assertThat(answer.status()).isEqualTo(Status.ANSWERED);
        assertThat(answer.text()).isEqualTo("Refunds reach your card within five days. A refund is issued once the return arrives.");
        assertThat(answer.builtin()).isTrue();
        assertThat(answer.variant()).isEqualTo("builtin-reader");
        assertThat(answer.promptHash()).isEqualTo("prompt-hash");
    }

    @Test
    void shouldFailTheAnswerWithItsReasonWhenNothingWasRetrieved() {
        GeneratedAnswer answer = answer(List.of()).awaitItem(WAIT).getItem();

        assertThat(answer.status()).isEqualTo(Status.FAILED);
        assertThat(answer.error()).isEqualTo("no retrieved sentence to answer from");
        assertThat(answer.text()).isNull();
    }

    @Test
    void shouldLeaveAnEmbedderOutageToTheCallerAndRecordAnyOtherFailure() {
        embedder.failure.set(new EndpointUnavailableException("HTTP 503 from http://embedder/v1 (3 attempts)", null, 3));
        answer(CHUNKS).awaitFailure(WAIT).assertFailedWith(EndpointUnavailableException.class, "HTTP 503");

        embedder.failure.set(new IllegalArgumentException("input too long"));
        GeneratedAnswer answer = answer(CHUNKS).awaitItem(WAIT).getItem();

        assertThat(answer.status()).isEqualTo(Status.FAILED);
        assertThat(answer.error()).isEqualTo("the built-in reader could not embed the sentences: input too long");
    }
}
