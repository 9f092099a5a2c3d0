package io.ragfit.corpus;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts documents into chunks of at most {@code size} characters: between paragraphs where it can, else
 * between sentences, else between words; never inside a word, unless that word alone is longer than a
 * chunk. A chunk never spans two sections. With an overlap, each chunk after the first of its
 * section starts up to {@code overlap} characters before the previous one ended, at a word.
 */
public final class Chunker {

    /** The chunk size of Barnett et al. (2024). */
    public static final int PAPER_SIZE = 1500;
    static final String PARAGRAPH_SEPARATOR = "\n\n";
    private static final int MAX_ID_LENGTH = 256;

    private final int size;
    private final int overlap;

    public Chunker(int size, int overlap) {
        if (size < 20) {
            throw new IllegalArgumentException("chunk size must be at least 20 characters, was " + size);
        }
        if (overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException("chunk overlap must be between 0 and half the size (" + size / 2
                    + "), was " + overlap);
        }
        this.size = size;
        this.overlap = overlap;
    }

    /** The text chunk offsets refer to: the passages joined by blank lines. */
    public static String text(Document document) {
        return String.join(PARAGRAPH_SEPARATOR, document.passages().stream().map(Passage::text).toList());
    }

    public List<Chunk> chunk(Document document) {
        String text = text(document);
        List<Chunk> chunks = new ArrayList<>();
        int passageStart = 0;
        List<int[]> sectionPieces = new ArrayList<>();
        String section = null;
        for (int i = 0; i < document.passages().size(); i++) {
            Passage passage = document.passages().get(i);
            if (i > 0 && !Objects.equals(passage.section(), section)) {
                pack(document, text, section, sectionPieces, chunks);
                sectionPieces.clear();
            }
            section = passage.section();
            addPieces(text, passageStart, passageStart + passage.text().length(), sectionPieces);
            passageStart += passage.text().length() + PARAGRAPH_SEPARATOR.length();
        }
        pack(document, text, section, sectionPieces, chunks);
        return chunks;
    }

    /**
     * Spans covering [start, end): the whole passage, else its sentences, else its words. Pieces leave
     * room for the overlap, so that packing can always begin a chunk inside the previous one.
     */
    private void addPieces(String text, int start, int end, List<int[]> pieces) {
        int limit = size - overlap;
        if (end - start <= limit) {
            addIfNotBlank(text, start, end, pieces);
            return;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(text.substring(start, end));
        int from = sentences.first();
        for (int to = sentences.next(); to != BreakIterator.DONE; from = to, to = sentences.next()) {
            if (to - from <= limit) {
                addIfNotBlank(text, start + from, start + to, pieces);
            } else {
                addWords(text, start + from, start + to, pieces);
            }
        }
    }

    /** Each whitespace-separated word; a word longer than a chunk is cut into chunk-sized parts. */
    private void addWords(String text, int start, int end, List<int[]> pieces) {
        int position = start;
        while (position < end) {
            while (position < end && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            int wordStart = position;
            while (position < end && !Character.isWhitespace(text.charAt(position))) {
                position++;
            }
            for (int partStart = wordStart; partStart < position; partStart += size) {
                pieces.add(new int[] { partStart, Math.min(partStart + size, position) });
            }
        }
    }

    private static void addIfNotBlank(String text, int start, int end, List<int[]> pieces) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            pieces.add(new int[] { start, end });
        }
    }

    /** Greedily packs a section's pieces into chunks of at most {@code size} characters. */
    private void pack(Document document, String text, String section, List<int[]> pieces, List<Chunk> chunks) {
        int i = 0;
        int previousEnd = -1;
        while (i < pieces.size()) {
            int start = previousEnd < 0 ? pieces.get(i)[0]
                    : overlapStart(text, Math.max(previousEnd - overlap, pieces.getFirst()[0]), pieces.get(i));
            int end = pieces.get(i)[1];
            i++;
            while (i < pieces.size() && pieces.get(i)[1] - start <= size) {
                end = pieces.get(i)[1];
                i++;
            }
            chunks.add(chunk(document, section, chunks.size(), start, end, text));
            previousEnd = end;
        }
    }

    /** Where a chunk starting with {@code piece} begins: from {@code earliest} on, at the first word. */
    private int overlapStart(String text, int earliest, int[] piece) {
        int start = earliest;
        while (start < piece[0] && !(isWordStart(text, start))) {
            start++;
        }
        return piece[1] - start <= size ? start : piece[0];
    }

    private static boolean isWordStart(String text, int position) {
        return !Character.isWhitespace(text.charAt(position))
                && (position == 0 || Character.isWhitespace(text.charAt(position - 1)));
    }

    private static Chunk chunk(Document document, String section, int ordinal, int start, int end, String text) {
        String id = document.id() + "#" + ordinal;
        if (id.length() > MAX_ID_LENGTH) {
            id = StableIds.of("chunk", document.id(), Integer.toString(ordinal));
        }
        return new Chunk(id, document.id(), document.title(), section, ordinal, start, end, text.substring(start, end));
    }
}
