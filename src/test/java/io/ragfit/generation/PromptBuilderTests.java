package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ragfit.retrieval.RetrievedChunk;

class PromptBuilderTests {

    private static final String SYSTEM = "Answer from the context.";
    private static final String USER = "Context:\n{context}\n\nQuestion: {question}\nAnswer:";

    private static RetrievedChunk chunk(int rank, String title, String text) {
        return new RetrievedChunk(rank, "doc-" + rank + "#0", "doc-" + rank, title, null, 0, 0, text.length(), text, 1.0 / rank);
    }

    @Test
    void shouldPutTheChunksInRankOrderUnderNumberedHeaders() {
        Prompt prompt = new PromptBuilder(SYSTEM, USER, 1000).build("Who won?",
                List.of(chunk(1, "Nobel Prize", "Röntgen won in 1901."), chunk(2, null, "Curie won twice.")));

        assertThat(prompt.messages()).extracting(message -> message.role()).containsExactly("system", "user");
        assertThat(prompt.messages().get(0).content()).isEqualTo(SYSTEM);
        assertThat(prompt.messages().get(1).content()).isEqualTo(
                "Context:\n[1] Nobel Prize\nRöntgen won in 1901.\n\n[2]\nCurie won twice.\n\nQuestion: Who won?\nAnswer:");
        assertThat(prompt.chunkIds()).containsExactly("doc-1#0", "doc-2#0");
    }

    @Test
    void shouldStopAtTheContextBudget() {
        List<RetrievedChunk> chunks = List.of(chunk(1, null, "a".repeat(60)), chunk(2, null, "b".repeat(60)),
                chunk(3, null, "c".repeat(10)));

        Prompt prompt = new PromptBuilder(SYSTEM, USER, 130).build("q", chunks);

        assertThat(prompt.chunkIds()).containsExactly("doc-1#0", "doc-2#0");
        assertThat(prompt.contextCharacters()).isLessThanOrEqualTo(130);
        assertThat(prompt.messages().get(1).content()).doesNotContain("ccc");
    }

    @Test
    void shouldKeepTheBestChunkEvenWhenItAloneExceedsTheBudget() {
        Prompt prompt = new PromptBuilder(SYSTEM, USER, 100).build("q",
                List.of(chunk(1, null, "word ".repeat(60).strip())));

        assertThat(prompt.chunkIds()).containsExactly("doc-1#0");
        assertThat(prompt.contextCharacters()).isLessThanOrEqualTo(100);
        assertThat(prompt.messages().get(1).content()).contains("[1]\nword word").doesNotContain("wor\n");
    }

    @Test
    void shouldHashTheExactMessages() {
        PromptBuilder builder = new PromptBuilder(SYSTEM, USER, 1000);
        List<RetrievedChunk> chunks = List.of(chunk(1, "T", "text"));

        String hash = builder.build("q", chunks).hash();

        assertThat(hash).hasSize(64).isEqualTo(builder.build("q", chunks).hash());
        assertThat(builder.build("q?", chunks).hash()).isNotEqualTo(hash);
        assertThat(new PromptBuilder(SYSTEM + " ", USER, 1000).build("q", chunks).hash()).isNotEqualTo(hash);
    }

    @Test
    void shouldRefuseATemplateWithoutItsPlaceholders() {
        assertThatThrownBy(() -> new PromptBuilder(SYSTEM, "Question: {question}", 1000))
                .hasMessageContaining("{context}");
    }
}
