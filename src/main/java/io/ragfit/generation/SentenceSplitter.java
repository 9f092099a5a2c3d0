package io.ragfit.generation;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.ragfit.retrieval.RetrievedChunk;

/** Splits retrieved chunks into their sentences, each located in its chunk. */
public final class SentenceSplitter {

    /** Fragments shorter than this (headings, list markers) are not answers. */
    private static final int MIN_WORDS = 4;

    private SentenceSplitter() {
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
}
