package io.ragfit.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragfit.corpus.ReferenceKind;
import io.ragfit.failure.RefusedException.Family;

/**
 * Reads a batch of questions: a JSON array, or NDJSON (one question object per line), told apart by the
 * first character. Reads as it goes and stops at the first limit passed: the body size, the number of
 * questions, the length of a question. Every error names the question it is about.
 */
public final class BatchParser {

    /** The limits a batch must keep within. */
    public record Limits(long maxBytes, int maxQuestions, int maxQuestionLength) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchParser() {
    }

    public static List<QuestionMessage> parse(InputStream body, Limits limits, ReferenceKind referenceKind) {
        try (PushbackInputStream in = new PushbackInputStream(new LimitedInputStream(body, limits.maxBytes()), 1)) {
            int first = firstSignificant(in);
            if (first < 0) {
                throw new BatchRejectedException(Family.INVALID, "the batch is empty: send a JSON array or NDJSON of questions");
            }
            in.unread(first);
            List<QuestionMessage> questions = first == '[' ? array(in, limits, referenceKind) : lines(in, limits, referenceKind);
            if (questions.isEmpty()) {
                throw new BatchRejectedException(Family.INVALID, "the batch holds no question");
            }
            return questions;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<QuestionMessage> array(InputStream in, Limits limits, ReferenceKind referenceKind) throws IOException {
        List<QuestionMessage> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (JsonParser parser = JSON.createParser(in)) {
            parser.nextToken();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new BatchRejectedException(Family.INVALID, "the JSON array is not closed");
                }
                add(questions, ids, JSON.readTree(parser), "item " + (questions.size() + 1), limits, referenceKind);
            }
            if (parser.nextToken() != null) {
                throw new BatchRejectedException(Family.INVALID, "text follows the JSON array");
            }
        } catch (JsonProcessingException e) {
            throw new BatchRejectedException(Family.INVALID, "item " + (questions.size() + 1) + ": not JSON: "
                    + e.getOriginalMessage());
        }
        return questions;
    }

    private static List<QuestionMessage> lines(InputStream in, Limits limits, ReferenceKind referenceKind) throws IOException {
        List<QuestionMessage> questions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (JsonParser parser = JSON.createParser(in)) {
            while (parser.nextToken() != null) {
                String where = "line " + parser.currentLocation().getLineNr();
                add(questions, ids, JSON.readTree(parser), where, limits, referenceKind);
            }
        } catch (JsonProcessingException e) {
            throw new BatchRejectedException(Family.INVALID, "line " + e.getLocation().getLineNr() + ": not JSON: "
                    + e.getOriginalMessage());
        }
        return questions;
    }

    private static void add(List<QuestionMessage> questions, Set<String> ids, JsonNode node, String where, Limits limits, ReferenceKind referenceKind) {
        if (questions.size() == limits.maxQuestions()) {
            throw new BatchRejectedException(Family.TOO_LARGE, "the batch holds more than " + limits.maxQuestions()
                    + " questions (ragfit.pipeline.max-batch-questions): split it");
        }
        if (!node.isObject()) {
            throw new BatchRejectedException(Family.INVALID, where + ": not a JSON object");
        }
        QuestionMessage question;
        try {
            question = QuestionMessages.of(node, limits.maxQuestionLength(), false, referenceKind);
        } catch (InvalidQuestionException e) {
            throw new BatchRejectedException(Family.INVALID, where + ": " + e.getMessage());
        }
        if (!ids.add(question.id())) {
            throw new BatchRejectedException(Family.INVALID, where + ": id '" + question.id() + "' appears twice in the batch");
        }
        questions.add(question);
    }

    private static int firstSignificant(InputStream in) throws IOException {
        int next;
        do {
            next = in.read();
        } while (next >= 0 && Character.isWhitespace(next));
        return next;
    }

    /** Fails as soon as more than the limit has been read, without reading the rest. */
    private static final class LimitedInputStream extends FilterInputStream {

        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int next = super.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) {
            read += bytes;
            if (read > limit) {
                throw new BatchRejectedException(Family.TOO_LARGE, "the batch is larger than " + limit
                        + " bytes (ragfit.pipeline.max-batch-size): split it");
            }
        }
    }
}
