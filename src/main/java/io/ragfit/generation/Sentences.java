package io.ragfit.generation;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import io.ragfit.embedding.Vectors;
import io.ragfit.retrieval.RetrievedChunk;

/** The sentences of retrieved chunks, and which of them are closest to a question. */
public final class Sentences {

    /** Fragments shorter than this (headings, list markers) are not answers. */
    private static final int MIN_WORDS = 4;

    private Sentences() {
    }

    /** The sentences of the chunks, in rank order then reading order. */
    public static List<String> of(List<RetrievedChunk> chunks) {
        List<String> sentences = new ArrayList<>();
        for (RetrievedChunk chunk : chunks) {
            BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
            String text = chunk.text();
            boundaries.setText(text);
            for (int start = boundaries.first(), end = boundaries.next(); end != BreakIterator.DONE;
                    start = end, end = boundaries.next()) {
                String sentence = text.substring(start, end).strip().replaceAll("\\s+", " ");
                if (sentence.split(" ").length >= MIN_WORDS) {
                    sentences.add(sentence);
                }
            }
        }
        return sentences;
    }

    /** Indices of the {@code count} sentences most similar (cosine) to the question, in their original order. */
    public static List<Integer> closest(float[] question, List<float[]> sentences, int count) {
        return IntStream.range(0, sentences.size())
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Vectors.cosine(question, sentences.get(i))).thenComparing(i -> i))
                .limit(count)
                .sorted()
                .toList();
    }
}
