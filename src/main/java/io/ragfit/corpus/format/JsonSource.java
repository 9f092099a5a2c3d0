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
    private long number;
    private boolean inRecord;
    private boolean ended;

    private JsonSource(InputStream input, Wrapping wrapping, boolean jsonLines) {
        this.feed = new LineFeed(input);
        this.wrapping = wrapping;
        this.jsonLines = jsonLines;
    }

    static JsonSource open(InputStream input, Wrapping wrapping) {
        BufferedInputStream buffered = input instanceof BufferedInputStream ready ? ready
                : new BufferedInputStream(input, 1 << 16);
        try {
            return new JsonSource(buffered, wrapping, firstValueEndsOnItsLine(buffered));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the source is JSON Lines: its first value ends on the line where it starts, or that line breaks off
     * inside a value other than just after an opening bracket (a broken record, not the start of a document
     * written over several lines).
     */
    private static boolean firstValueEndsOnItsLine(BufferedInputStream input) throws IOException {
        input.mark(LINES_LOOK_AHEAD);
        try {
            Bounded window = new Bounded(input, LINES_LOOK_AHEAD);
            LineFeed feed = new LineFeed(window);
            while (feed.peek() != -1) {
                JsonToken last = null;
                try (JsonParser line = MAPPER.createParser(feed.line())) {
                    int depth = 0;
                    for (JsonToken token = line.nextToken(); token != null; token = line.nextToken()) {
                        last = token;
                        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
                        if (depth == 0) {
                            return true;
                        }
                    }
                    if (last != null) {
                        return brokenRecord(window, last);
                    }
                } catch (JsonEOFException valueGoesOn) {
                    return brokenRecord(window, last);
                } catch (JsonProcessingException garbage) {
                    return true;
                }
            }
            return false;
        } finally {
            input.reset();
        }
    }

    /** Whether a first line that ends inside a value, after {@code last}, is a broken record rather than an opening. */
    private static boolean brokenRecord(Bounded window, JsonToken last) {
        return !window.exhausted() && last != JsonToken.START_OBJECT && last != JsonToken.START_ARRAY;
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
            parser = MAPPER.createParser(jsonLines ? feed.line() : feed.all());
            state = State.TOP;
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

    /** A record, or the container of the records that follow. */
    private void topLevelObject() throws IOException {
        long line = line();
        ObjectNode record = MAPPER.createObjectNode();
        if (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(wrapping.arrayField()) && value == JsonToken.START_ARRAY) {
                state = State.IN_WRAPPED_ARRAY;
                return;
            }
            if (value == JsonToken.START_OBJECT && wrapping.keyedContainer(field)) {
                state = State.IN_KEYED_OBJECT;
                queued.add(element(field));
                return;
            }
            number++;
            inRecord = true;
            record.set(field, MAPPER.readTree(parser));
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String next = parser.currentName();
                parser.nextToken();
                record.set(next, MAPPER.readTree(parser));
            }
            inRecord = false;
        } else {
            number++;
        }
        queued.add(SourceRecord.read(number, line, null, record));
    }

    private SourceRecord element(String key) throws IOException {
        long line = line();
        number++;
        inRecord = true;
        JsonNode node = MAPPER.readTree(parser);
        inRecord = false;
        if (!node.isObject()) {
            return SourceRecord.unreadable(number, line, "expected a JSON object, found " + node.getNodeType());
        }
        return SourceRecord.read(number, line, key, node);
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

    private SourceRecord syntaxError(JsonProcessingException e) throws IOException {
        // in JSON Lines, the line of the record (the parser may stand past its end, on the next line)
        long line = lineBase + (jsonLines || e.getLocation() == null ? 1 : e.getLocation().getLineNr());
        long record = inRecord ? number : ++number;
        inRecord = false;
        parser.close();
        parser = null;
        if (jsonLines) {
            feed.finishLine();
            return SourceRecord.unreadable(record, line, "not JSON: " + e.getOriginalMessage());
        }
        return SourceRecord.unreadable(record, line, "JSON syntax error: " + e.getOriginalMessage() + "; " + resync());
    }

    /** Moves to the next line where a top-level value may start, and says what was skipped. */
    private String resync() throws IOException {
        feed.finishLine();
        long firstSkipped = feed.lines() + 1;
        while (feed.peek() != -1 && feed.peek() != '{' && feed.peek() != '[') {
            feed.skipLine();
        }
        if (feed.peek() == -1) {
            return "the rest of the file was not read (no later line starts with { or [)";
        }
        long resumed = feed.lines() + 1;
        return (resumed > firstSkipped ? "lines " + firstSkipped + " to " + (resumed - 1) + " were skipped; " : "")
                + "reading resumed at line " + resumed + ", the next that starts with { or [";
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        feed.close();
    }
}
