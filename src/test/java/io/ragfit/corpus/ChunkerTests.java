package io.ragfit.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChunkerTests {

    private static Document document(Passage... passages) {
        return new Document("doc-1", "A title", List.of(passages), Map.of());
    }

    private static String words(int count, String word) {
        return String.join(" ", java.util.Collections.nCopies(count, word));
    }

    @Test
    void shouldKeepAShortDocumentWholeWithItsProvenance() {
        Document document = document(new Passage("Intro", "One short paragraph."));

        List<Chunk> chunks = new Chunker(1500, 0).chunk(document);

        assertThat(chunks).containsExactly(
                new Chunk("doc-1#0", "doc-1", "A title", "Intro", 0, 0, 20, "One short paragraph."));
    }

    @Test
    void shouldCutBetweenParagraphsWhenTheyFit() {
        String first = "a".repeat(60);
        String second = "b".repeat(60);
        String third = "c".repeat(60);

        List<Chunk> chunks = new Chunker(130, 0).chunk(document(
                new Passage(null, first), new Passage(null, second), new Passage(null, third)));

        assertThat(chunks).extracting(Chunk::text).containsExactly(first + "\n\n" + second, third);
    }

    @Test
    void shouldCutALongParagraphBetweenSentences() {
        String sentence = "This sentence has exactly fifty characters in it. ";
        String paragraph = sentence.repeat(5).strip();

        List<Chunk> chunks = new Chunker(120, 0).chunk(document(new Passage(null, paragraph)));

        assertThat(chunks).hasSize(3);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text()).startsWith("This sentence").endsWith("in it.");
            assertThat(chunk.text().length()).isLessThanOrEqualTo(120);
        });
    }

    @Test
    void shouldCutAnEndlessSentenceBetweenWordsNeverInsideOne() {
        String sentence = words(100, "antidisestablishment");

        List<Chunk> chunks = new Chunker(100, 0).chunk(document(new Passage(null, sentence)));

        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text().length()).isLessThanOrEqualTo(100);
            assertThat(chunk.text().split(" ")).containsOnly("antidisestablishment");
        });
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList())).isEqualTo(sentence);
    }

    @Test
    void shouldNeverLetAChunkSpanTwoSections() {
        List<Chunk> chunks = new Chunker(1500, 0).chunk(document(
                new Passage("Introduction", "We study things."),
                new Passage("Introduction", "Things matter."),
                new Passage("Method", "We measure them.")));

        assertThat(chunks).extracting(Chunk::section, Chunk::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Introduction", "We study things.\n\nThings matter."),
                org.assertj.core.groups.Tuple.tuple("Method", "We measure them."));
    }

    @Test
    void shouldStartEachFollowingChunkInsideThePreviousOneAtAWord() {
        String paragraph = words(60, "overlap");

        List<Chunk> chunks = new Chunker(100, 30).chunk(document(new Passage(null, paragraph)));

        assertThat(chunks).hasSizeGreaterThan(2);
        for (int i = 1; i < chunks.size(); i++) {
            Chunk previous = chunks.get(i - 1);
            Chunk next = chunks.get(i);
            assertThat(next.start()).isLessThan(previous.end()).isGreaterThanOrEqualTo(previous.end() - 30);
            assertThat(next.text()).startsWith("overlap");
        }
    }

    @Test
    void shouldRefuseSizesThatCannotWork() {
        assertThatThrownBy(() -> new Chunker(10, 0)).hasMessageContaining("at least 20");
        assertThatThrownBy(() -> new Chunker(100, 50)).hasMessageContaining("half the size");
    }

    /** Seeded random documents: every invariant the chunker promises, on many shapes of text. */
    @Test
    void shouldHoldItsInvariantsOnRandomDocuments() {
        Random random = new Random(20241126L);
        for (int round = 0; round < 300; round++) {
            int size = 40 + random.nextInt(300);
            int overlap = random.nextInt(size / 2);
            Document document = randomDocument(random);
            String text = Chunker.text(document);

            List<Chunk> chunks = new Chunker(size, overlap).chunk(document);

            boolean[] covered = new boolean[text.length()];
            for (Chunk chunk : chunks) {
                assertThat(chunk.text()).isEqualTo(text.substring(chunk.start(), chunk.end()));
                assertThat(chunk.text().length()).isLessThanOrEqualTo(size);
                assertThat(insideAWordNoLongerThan(text, chunk.start(), size)).as("cut inside a word: %s", chunk).isFalse();
                assertThat(insideAWordNoLongerThan(text, chunk.end(), size)).as("cut inside a word: %s", chunk).isFalse();
                for (int i = chunk.start(); i < chunk.end(); i++) {
                    covered[i] = true;
                }
            }
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isWhitespace(text.charAt(i))) {
                    assertThat(covered[i]).as("character %d of round %d is in a chunk", i, round).isTrue();
                }
            }
            assertThat(chunks).extracting(Chunk::ordinal)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
        }
    }

    /** True when {@code position} falls strictly inside a word of at most {@code size} characters. */
    private static boolean insideAWordNoLongerThan(String text, int position, int size) {
        if (position == 0 || position == text.length() || Character.isWhitespace(text.charAt(position))
                || Character.isWhitespace(text.charAt(position - 1))) {
            return false;
        }
        int start = position;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        int end = position;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end - start <= size;
    }

    private static Document randomDocument(Random random) {
        List<Passage> passages = new ArrayList<>();
        String[] vocabulary = { "a", "retrieval", "model", "fine-tuned", "the", "base", "answers.", "Questions?",
                "x".repeat(70), "y".repeat(400), "evidence!", "chunk" };
        int paragraphs = 1 + random.nextInt(8);
        for (int p = 0; p < paragraphs; p++) {
            StringBuilder paragraph = new StringBuilder();
            int count = 1 + random.nextInt(120);
            for (int w = 0; w < count; w++) {
                if (w > 0) {
                    paragraph.append(random.nextInt(10) == 0 ? "  " : " ");
                }
                paragraph.append(vocabulary[random.nextInt(vocabulary.length)]);
            }
            passages.add(new Passage("section " + random.nextInt(3), paragraph.toString()));
        }
        return new Document("random", null, passages, Map.of());
    }
}
