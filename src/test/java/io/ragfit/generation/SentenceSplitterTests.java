package io.ragfit.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ragfit.retrieval.RetrievedChunk;

class SentenceSplitterTests {

    @Test
    void shouldSplitChunksIntoSentencesInRankThenReadingOrder() {
        List<RetrievedChunk> chunks = List.of(
                new RetrievedChunk(1, "a#0", "a", null, null, 0, 0, 0, "Refunds take five days.  Orders ship free above 50 euros. Yes.", 0.9),
                new RetrievedChunk(2, "b#0", "b", null, null, 0, 0, 0, "Returns are free within thirty days of delivery.", 0.8));

        assertThat(SentenceSplitter.of(chunks)).containsExactly(
                "Refunds take five days.", "Orders ship free above 50 euros.", "Returns are free within thirty days of delivery.");
    }
}
