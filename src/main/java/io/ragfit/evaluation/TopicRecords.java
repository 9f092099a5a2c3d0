package io.ragfit.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.store.Json;

/**
 * What a question puts on the topics: its answers and scores, or, when it could not be processed, the question
 * itself on the dead-letter topic with the reason. Keys are question ids. No record outgrows what a broker
 * takes: an answer's text is cut at {@code ragfit.pipeline.topic-text-limit} (and says so), an error message at
 * 4 KiB; the full texts stay in PostgreSQL.
 */
@ApplicationScoped
public class TopicRecords {

    public static final int SCHEMA_VERSION = 1;
    /** The header SmallRye's dead-letter queue also uses, so both kinds of dead letter read alike. */
    public static final String REASON = "dead-letter-reason";
    /** The W3C trace context header: a consumer of ragfit's topics continues the question's trace. */
    public static final String TRACEPARENT = "traceparent";
    /** Reasons and error messages: an endpoint's error body can be as long as it likes. */
    private static final int MESSAGE_LIMIT = 4096;

    private final PipelineConfig config;
    private final int textLimit;

    TopicRecords(PipelineConfig config) {
        this.config = config;
        this.textLimit = (int) Math.min(Integer.MAX_VALUE, config.topicTextLimit().asLongValue());
    }

    /** The records of a completed question; {@code traceparent} (may be null) names the span that stored them. */
    List<OutboxRecord> results(QuestionKey question, List<GeneratedAnswer> answers, List<ScoreRecord> scores,
            String traceparent) {
        Map<String, String> headers = traceparent == null ? Map.of() : Map.of(TRACEPARENT, traceparent);
        List<OutboxRecord> records = new ArrayList<>();
        for (GeneratedAnswer answer : answers) {
            String text = answer.text() == null ? null : truncate(answer.text(), textLimit);
            boolean cut = text != null && text.length() < answer.text().length();
            records.add(new OutboxRecord(config.topics().answers(), question.questionId(), Json.write(AnswerEvent.of(
                    question.runId(), question.questionId(), answer, text, cut ? Boolean.TRUE : null,
                    message(answer.error()))), headers));
        }
        Set<String> builtin = ScoreEvent.builtinVariants(answers);
        for (ScoreRecord score : scores) {
            records.add(new OutboxRecord(config.topics().scores(), question.questionId(),
                    Json.write(ScoreEvent.of(score, builtin, message(score.error))), headers));
        }
        return records;
    }

    /** The question as it was asked, with why it could not be processed. */
    OutboxRecord deadLetter(QuestionRecord question, String reason) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("schemaVersion", SCHEMA_VERSION);
        message.put("id", question.key().questionId());
        message.put("question", question.text());
        message.put("corpus", question.corpus());
        message.put("runId", question.key().runId());
        if (question.batchId() != null) {
            message.put("batchId", question.batchId());
        }
        message.put("questionType", question.questionType());
        message.put("references", question.references());
        message.put("metadata", question.metadata());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REASON, message(reason));
        if (question.traceParent() != null) {
            headers.put(TRACEPARENT, question.traceParent());
        }
        String payload = Json.write(message);
        if (payload.length() > textLimit) {
            message.remove("references");
            message.remove("metadata");
            payload = Json.write(message);
            headers.put("dead-letter-truncated", "references and metadata left out: the record would exceed "
                    + textLimit + " bytes");
        }
        return new OutboxRecord(config.topics().deadLetter(), question.key().questionId(), payload, headers);
    }

    private static String message(String text) {
        return text == null ? null : truncate(text, MESSAGE_LIMIT);
    }

    /** The longest prefix of {@code text} whose UTF-8 encoding fits in {@code maxBytes}, never splitting a character. */
    static String truncate(String text, int maxBytes) {
        if ((long) text.length() * 3 <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
