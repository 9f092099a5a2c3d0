package io.ragfit.corpus.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ragfit.corpus.PlainText;

/**
 * Reads a source one record at a time, never the whole file: memory stays that of the largest record.
 * In JSON Lines a line that does not parse is reported and skipped; in a single JSON document a syntax
 * error is reported and ends the source, since nothing after it can be trusted.
 */
abstract class JsonSource implements Iterator<SourceRecord>, AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(PlainText.MODULE);

    private SourceRecord next;
    private boolean done;

    /** One record per non-blank line. */
    static JsonSource lines(InputStream input) {
        return new Lines(input);
    }

    /** The elements of the array held by a top-level field, e.g. BioASQ's {@code {"questions": [...]}}. */
    static JsonSource arrayField(InputStream input, String field) {
        return new Elements(input, field);
    }

    /** The entries of a top-level object, e.g. Qasper's {@code {"paper id": {...}}}. */
    static JsonSource objectEntries(InputStream input) {
        return new Elements(input, null);
    }

    /** The next record, or {@code null} at the end of the source. */
    protected abstract SourceRecord read() throws IOException;

    @Override
    public abstract void close() throws IOException;

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (next == null) {
                done = true;
            }
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord record = next;
        next = null;
        return record;
    }

    /** Ends the source after the record being returned. */
    protected void finish() {
        done = true;
    }

    private static final class Lines extends JsonSource {

        private final BufferedReader reader;
        private long line;
        private long number;

        Lines(InputStream input) {
            this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        }

        @Override
        protected SourceRecord read() throws IOException {
            String text;
            do {
                text = reader.readLine();
                if (text == null) {
                    return null;
                }
                line++;
            } while (text.isBlank());
            number++;
            try {
                JsonNode node = MAPPER.readTree(text);
                if (!node.isObject()) {
                    return SourceRecord.unreadable(number, line, "expected a JSON object, found " + node.getNodeType());
                }
                return SourceRecord.read(number, line, null, node);
            } catch (JsonProcessingException e) {
                return SourceRecord.unreadable(number, line, "not JSON: " + e.getOriginalMessage());
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    private static final class Elements extends JsonSource {

        private final JsonParser parser;
        private final String arrayField;
        private long number;
        private boolean inside;
        private boolean inElement;

        Elements(InputStream input, String arrayField) {
            try {
                this.parser = MAPPER.getFactory().createParser(input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.arrayField = arrayField;
        }

        @Override
        protected SourceRecord read() throws IOException {
            try {
                if (!inside) {
                    inside = true;
                    if (!enter()) {
                        return null;
                    }
                }
                JsonToken token = parser.nextToken();
                if (arrayField == null) {
                    if (token != JsonToken.FIELD_NAME) {
                        return null;
                    }
                    String key = parser.currentName();
                    parser.nextToken();
                    return element(key);
                }
                if (token == JsonToken.END_ARRAY || token == null) {
                    return null;
                }
                return element(null);
            } catch (JsonProcessingException e) {
                finish();
                long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
                return SourceRecord.unreadable(inElement ? number : number + 1, line,
                        "JSON syntax error, the rest of the file was not read: " + e.getOriginalMessage());
            }
        }

        /** Moves to the first element; false when the document holds none. */
        private boolean enter() throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "expected a JSON object at the top");
            }
            if (arrayField == null) {
                return true;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals(arrayField)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new JsonParseException(parser, "\"" + arrayField + "\" must be an array");
                    }
                    return true;
                }
                parser.skipChildren();
            }
            throw new JsonParseException(parser, "no \"" + arrayField + "\" array at the top");
        }

        private SourceRecord element(String key) throws IOException {
            long line = parser.currentTokenLocation().getLineNr();
            number++;
            inElement = true;
            JsonNode node = MAPPER.readTree(parser);
            inElement = false;
            if (!node.isObject()) {
                return SourceRecord.unreadable(number, line, "expected a JSON object, found " + node.getNodeType());
            }
            return SourceRecord.read(number, line, key, node);
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
