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

    /** A candidate sentence and where it stands: which chunk (by rank), and where in it. */
    public record Located(String text, int chunkRank, double chunkScore, int index, int sentencesInChunk) {
    }

    /** The sentences of the chunks, in rank order then reading order. */
    public static List<String> of(List<RetrievedChunk> chunks) {
        return located(chunks).stream().map(Located::text).toList();
    }

    /** The same sentences, each with its place. */
    public static List<Located> located(List<RetrievedChunk> chunks) {
        List<Located> located = new ArrayList<>();
        for (RetrievedChunk chunk : chunks) {
            List<String> sentences = new ArrayList<>();
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
            for (int i = 0; i < sentences.size(); i++) {
                located.add(new Located(sentences.get(i), chunk.rank(), chunk.score(), i, sentences.size()));
            }
        }
        return located;
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
