package io.ragfit.corpus.format;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ragfit.corpus.PlainText;

/**
 * Reads a source one record at a time, never the whole file: memory stays that of the largest record. A source
 * may be JSON Lines, one document, an array, or top-level values one after another, pretty-printed or not; each
 * top-level array yields its elements, and each top-level object is a record or, as the format's
 * {@link Wrapping} says, a container of records.
 * <p>
 * When the first value ends on the line where it starts, the source is read as JSON Lines: a line that does not
 * parse is reported and the next line read. Otherwise a syntax error is reported and reading resumes at the next
 * line that starts with <code>{</code> or <code>[</code> (where a top-level value may start), or ends there.
 */
final class JsonSource implements Iterator<SourceRecord>, AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(PlainText.MODULE);

    /** How far to look for the end of the first value, to tell JSON Lines from the other shapes. */
    private static final int LINES_LOOK_AHEAD = 1 << 20;

    private enum State {
        TOP,
        IN_ARRAY,
        IN_WRAPPED_ARRAY,
        IN_KEYED_OBJECT
    }

    private final LineFeed feed;
    private final Wrapping wrapping;
    private final boolean jsonLines;
    private final Deque<SourceRecord> queued = new ArrayDeque<>();
    private JsonParser parser;
    private State state = State.TOP;
    private long lineBase;
    /** Records given so far; a record is numbered when it is given, a syntax error counting as one. */
    private long number;
    private boolean ended;
    /** Where the last record started: its line's indentation, to resume at a record of the same level. */
    private int recordIndent;
    /** How far the first line of the current parser is shifted from the file (a resumption's prefix, less indentation). */
    private int firstLineShift;
    /** The container a syntax error happened in, which reading resumes in. */
    private State resumeIn = State.TOP;
    private String stoppedEarly;

    private JsonSource(InputStream input, Wrapping wrapping, boolean jsonLines) {
        this.feed = new LineFeed(input);
        this.wrapping = wrapping;
        this.jsonLines = jsonLines;
    }

    static JsonSource open(InputStream input, Wrapping wrapping) {
        BufferedInputStream buffered = input instanceof BufferedInputStream ready ? ready
                : new BufferedInputStream(input, 1 << 16);
        try {
            return new JsonSource(buffered, wrapping, jsonLines(buffered));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one line holds when parsed by itself. */
    private enum LineContent {
        BLANK,
        /** one or more complete values, the first an object */
        COMPLETE_OBJECT,
        /** an object followed by a comma or other text: an element of a document written over several lines */
        ELEMENT,
        /** an array, complete or not: a document, not a record per line */
        ARRAY,
        /** the start of a value that goes on past the line */
        CONTINUES,
        /** text that is not JSON */
        GARBAGE
    }

    /**
     * Whether the source is JSON Lines: its first line holds a whole object (or is not JSON at all), or breaks off
     * inside an object while the next line holds a whole one (a broken record). An array, or an object that goes
     * on over the next lines, is a document written over several lines.
     */
    private static boolean jsonLines(BufferedInputStream input) throws IOException {
        input.mark(LINES_LOOK_AHEAD);
        try {
            Bounded window = new Bounded(input, LINES_LOOK_AHEAD);
            LineFeed feed = new LineFeed(window);
            LineContent first = nextLine(feed);
            if (first == LineContent.CONTINUES && !window.exhausted()) {
                return nextLine(feed) == LineContent.COMPLETE_OBJECT;
            }
            return first == LineContent.COMPLETE_OBJECT || first == LineContent.GARBAGE;
        } finally {
            input.reset();
        }
    }

    /** What the next non-blank line holds. */
    private static LineContent nextLine(LineFeed feed) throws IOException {
        while (feed.peek() != -1) {
            LineContent content = lineContent(feed);
            feed.finishLine();
            if (content != LineContent.BLANK) {
                return content;
            }
        }
        return LineContent.BLANK;
    }

    private static LineContent lineContent(LineFeed feed) throws IOException {
        JsonToken first = null;
        try (JsonParser line = MAPPER.createParser(feed.line())) {
            first = line.nextToken();
            if (first == null) {
                return LineContent.BLANK;
            }
            if (first == JsonToken.START_ARRAY) {
                return LineContent.ARRAY;
            }
            line.skipChildren();
            if (first != JsonToken.START_OBJECT) {
                return LineContent.GARBAGE;
            }
            try {
                line.nextToken();
                return LineContent.COMPLETE_OBJECT;
            } catch (JsonEOFException anotherValueGoesOn) {
                return LineContent.COMPLETE_OBJECT;
            } catch (JsonProcessingException commaOrText) {
                return LineContent.ELEMENT;
            }
        } catch (JsonEOFException valueGoesOn) {
            return first == JsonToken.START_ARRAY ? LineContent.ARRAY : LineContent.CONTINUES;
        } catch (JsonProcessingException notJson) {
            return first == JsonToken.START_ARRAY ? LineContent.ARRAY : LineContent.GARBAGE;
        }
    }

    /** At most {@code limit} bytes of {@code input}, which closing this view leaves open. */
    static InputStream bounded(InputStream input, long limit) {
        return new Bounded(input, limit);
    }

    private static final class Bounded extends FilterInputStream {

        private long left;

        Bounded(InputStream input, long limit) {
            super(input);
            this.left = limit;
        }

        boolean exhausted() {
            return left <= 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int read = super.read(target, offset, (int) Math.min(length, left));
            left -= Math.max(read, 0);
            return read;
        }

        @Override
        public void close() {
            // the owner closes the source
        }
    }

    @Override
    public boolean hasNext() {
        try {
            while (queued.isEmpty() && !ended) {
                readMore();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return !queued.isEmpty();
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queued.poll();
    }

    private void readMore() throws IOException {
        if (parser == null) {
            if (feed.peek() == -1) {
                ended = true;
                return;
            }
            lineBase = feed.lines();
            resume();
        }
        try {
            if (!step()) {
                parser.close();
                parser = null;
            }
        } catch (JsonProcessingException e) {
            queued.add(syntaxError(e));
        }
    }

    /**
     * A parser from here on, inside the container reading stopped in: an array's remaining elements are read as
     * elements (a synthetic opening makes their commas and closing bracket valid), never as top-level values.
     */
    private void resume() throws IOException {
        String opening = switch (resumeIn) {
            case IN_ARRAY -> "[";
            case IN_WRAPPED_ARRAY -> "{\"\":[";
            default -> "";
        };
        firstLineShift += opening.length();
        parser = MAPPER.createParser(jsonLines ? feed.line() : new Prefixed(opening, feed.all()));
        if (resumeIn != State.TOP) {
            while (parser.nextToken() != JsonToken.START_ARRAY) {
                // through the synthetic opening, to the array the remaining elements are in
            }
        }
        state = resumeIn;
        resumeIn = State.TOP;
    }

    /** Why reading stopped before the end of the source, or null when it read it all. */
    String stoppedEarly() {
        return stoppedEarly;
    }

    /** Reads on until a record is queued or the parser is done; false when it is done. */
    private boolean step() throws IOException {
        switch (state) {
            case IN_ARRAY, IN_WRAPPED_ARRAY -> {
                if (parser.nextToken() == JsonToken.END_ARRAY) {
                    if (state == State.IN_WRAPPED_ARRAY) {
                        skipRestOfObject();
                    }
                    state = State.TOP;
                } else {
                    queued.add(element(null));
                }
            }
            case IN_KEYED_OBJECT -> {
                if (parser.nextToken() == JsonToken.END_OBJECT) {
                    state = State.TOP;
                } else {
                    String key = parser.currentName();
                    parser.nextToken();
                    queued.add(element(key));
                }
            }
            case TOP -> {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                if (token == JsonToken.START_ARRAY) {
                    state = State.IN_ARRAY;
                } else if (token == JsonToken.START_OBJECT) {
                    topLevelObject();
                } else {
                    queued.add(SourceRecord.unreadable(++number, line(),
                            "expected a JSON object or array, found " + parser.getText()));
                }
            }
        }
        return true;
    }

    /**
     * A record, or the container of the records that follow: the format's array field, after any scalar fields
     * (a version, a date), or, as first field, an object keyed by record id.
     */
    private void topLevelObject() throws IOException {
        long line = line();
        markRecordStart();
        ObjectNode record = MAPPER.createObjectNode();
        boolean first = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(wrapping.arrayField()) && value == JsonToken.START_ARRAY) {
                state = State.IN_WRAPPED_ARRAY;
                return;
            }
            if (first && value == JsonToken.START_OBJECT && wrapping.keyedContainer(field)) {
                state = State.IN_KEYED_OBJECT;
                queued.add(element(field));
                return;
            }
            first = false;
            record.set(field, MAPPER.readTree(parser));
        }
        queued.add(SourceRecord.read(++number, line, null, record));
    }

    private SourceRecord element(String key) throws IOException {
        long line = line();
        markRecordStart();
        JsonNode node = MAPPER.readTree(parser);
        if (!node.isObject()) {
            return SourceRecord.unreadable(++number, line, "expected a JSON object, found " + node.getNodeType());
        }
        return SourceRecord.read(++number, line, key, node);
    }

    private void skipRestOfObject() throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private long line() {
        return lineBase + parser.currentTokenLocation().getLineNr();
    }

    private void markRecordStart() {
        var start = parser.currentTokenLocation();
        recordIndent = (int) start.getColumnNr() - 1 - (start.getLineNr() == 1 ? firstLineShift : 0);
    }

    private SourceRecord syntaxError(JsonProcessingException e) throws IOException {
        // in JSON Lines, the line of the record (the parser may stand past its end, on the next line)
        long line = lineBase + (jsonLines || e.getLocation() == null ? 1 : e.getLocation().getLineNr());
        long record = ++number;
        State container = state == State.IN_ARRAY || state == State.IN_WRAPPED_ARRAY ? state : State.TOP;
        parser.close();
        parser = null;
        if (jsonLines) {
            feed.finishLine();
            return SourceRecord.unreadable(record, line, "not JSON: " + e.getOriginalMessage());
        }
        String reason = "JSON syntax error: " + e.getOriginalMessage() + "; " + resync(recordIndent, line);
        resumeIn = container;
        return SourceRecord.unreadable(record, line, reason);
    }

    /**
     * Moves to the next line where a record of the same level may start (a <code>{</code> or <code>[</code> at the
     * indentation of the record that broke), and says what was skipped; at the end, says reading stopped.
     */
    private String resync(int indent, long errorLine) throws IOException {
        feed.finishLine();
        long firstSkipped = feed.lines() + 1;
        while (feed.peek() != -1) {
            int blanks = feed.skipBlanks();
            if (blanks == indent && (feed.peek() == '{' || feed.peek() == '[')) {
                firstLineShift = -blanks;
                long resumed = feed.lines() + 1;
                return (resumed > firstSkipped ? "lines " + firstSkipped + " to " + (resumed - 1) + " were skipped; " : "")
                        + "reading resumed at line " + resumed + ", the next record at the same indentation";
            }
            feed.skipLine();
        }
        stoppedEarly = "reading stopped at line " + errorLine + ": a JSON syntax error after which no record of the same"
                + " level starts a line";
        return "the rest of the file was not read (no later line starts a record at the same indentation)";
    }

    /** A reader that gives {@code prefix}, then what {@code rest} gives. */
    private static final class Prefixed extends java.io.Reader {

        private final String prefix;
        private final java.io.Reader rest;
        private int position;

        Prefixed(String prefix, java.io.Reader rest) {
            this.prefix = prefix;
            this.rest = rest;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (position < prefix.length() && length > 0) {
                int count = Math.min(length, prefix.length() - position);
                prefix.getChars(position, position + count, target, offset);
                position += count;
                return count;
            }
            return rest.read(target, offset, length);
        }

        @Override
        public void close() throws IOException {
            rest.close();
        }
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        feed.close();
    }
}
