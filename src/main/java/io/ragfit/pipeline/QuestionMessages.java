package io.ragfit.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.ragfit.corpus.Corpus;
import io.ragfit.corpus.PlainText;
import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.corpus.ReferenceKind;

/**
 * Reads question messages, schema version 1:
 * {@code {"schemaVersion": 1, "id", "question", "corpus"?, "runId"?, "questionType"?, "references"?, "metadata"?}}.
 * {@code references} holds texts or {@code {kind, text, synonyms}} objects; texts are read by {@code referenceKind}
 * (the message's, else the batch's, else {@link ReferenceKind#AUTO}); {@code corpus} defaults to the run's. Whatever is wrong is said in the exception's message, which the dead-letter record carries.
 */
public final class QuestionMessages {

    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_REFERENCES = 20;
    private static final java.util.regex.Pattern CORPUS_ID = java.util.regex.Pattern.compile(Corpus.ID);
    public static final int MAX_REFERENCE_LENGTH = 20_000;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(PlainText.MODULE).build();

    private QuestionMessages() {
    }

    public static QuestionMessage parse(String json, int maxQuestionLength) {
        JsonNode node;
        try {
            node = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new InvalidQuestionException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidQuestionException("not a JSON object");
        }
        return of(node, maxQuestionLength, true, ReferenceKind.AUTO);
    }

    /** A question from an HTTP batch: the same fields, the schema version optional. */
    public static QuestionMessage of(JsonNode node, int maxQuestionLength, boolean requireSchemaVersion,
            ReferenceKind referenceKind) {
        if (requireSchemaVersion || node.has("schemaVersion")) {
            int version = node.path("schemaVersion").asInt(-1);
            if (version != SCHEMA_VERSION) {
                throw new InvalidQuestionException("schemaVersion must be " + SCHEMA_VERSION + ", was "
                        + (node.has("schemaVersion") ? node.get("schemaVersion") : "missing"));
            }
        }
        String id = text(node, "id");
        if (id.length() > 255 || !PlainText.isPlainName(id)) {
            throw new InvalidQuestionException("id is at most 255 characters, without control characters");
        }
        String question = text(node, "question");
        if (question.length() > maxQuestionLength) {
            throw new InvalidQuestionException("question is " + question.length() + " characters long; the limit is "
                    + maxQuestionLength + " (ragfit.pipeline.max-question-length)");
        }
        String corpus = node.hasNonNull("corpus") ? text(node, "corpus") : null;
        if (corpus != null && !CORPUS_ID.matcher(corpus).matches()) {
            throw new InvalidQuestionException("corpus is a corpus id: lowercase letters, digits, '_' and '-'");
        }
        QuestionMessage message = new QuestionMessage(SCHEMA_VERSION, id, question, corpus, uuid(node, "runId"),
                questionType(node), references(node, questionType(node), referenceKind(node, referenceKind)),
                metadata(node));
        if (!plain(message)) {
            throw new InvalidQuestionException("the question holds a control character (such as NUL), which no text may"
                    + " hold (tab, line feed and carriage return aside)");
        }
        if (message.references().size() > MAX_REFERENCES || message.references().stream()
                .anyMatch(reference -> reference.text().length() > MAX_REFERENCE_LENGTH)) {
            throw new InvalidQuestionException("at most " + MAX_REFERENCES + " references of at most "
                    + MAX_REFERENCE_LENGTH + " characters each");
        }
        return message;
    }

    private static boolean plain(QuestionMessage message) {
        List<String> texts = new ArrayList<>(List.of(message.id(), message.question()));
        if (message.corpus() != null) {
            texts.add(message.corpus());
        }
        message.references().forEach(reference -> {
            texts.add(reference.text());
            texts.addAll(reference.synonyms());
        });
        message.metadata().forEach((key, value) -> {
            texts.add(key);
            texts.add(value);
        });
        return texts.stream().allMatch(text -> text == null || PlainText.isPlain(text));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidQuestionException("missing \"" + field + "\" (text)");
        }
        return value.asText();
    }

    private static UUID uuid(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return UUID.fromString(value.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidQuestionException("\"" + field + "\" is not a UUID: " + value.asText());
        }
    }

    private static QuestionType questionType(JsonNode node) {
        JsonNode value = node.get("questionType");
        if (value == null || value.isNull()) {
            return QuestionType.OPEN;
        }
        try {
            return QuestionType.valueOf(value.asText().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidQuestionException("questionType is one of open, yes_no, factoid, list, summary; was "
                    + value.asText());
        }
    }

    private static ReferenceKind referenceKind(JsonNode node, ReferenceKind otherwise) {
        JsonNode value = node.get("referenceKind");
        if (value == null || value.isNull()) {
            return otherwise;
        }
        return ReferenceKind.named(value.asText()).orElseThrow(() -> new InvalidQuestionException(
                "referenceKind is one of auto, exact, ideal; was " + value.asText()));
    }

    private static List<ReferenceAnswer> references(JsonNode node, QuestionType type, ReferenceKind kind) {
        JsonNode value = node.get("references");
        List<ReferenceAnswer> references = new ArrayList<>();
        if (value == null || value.isNull()) {
            return references;
        }
        if (!value.isArray()) {
            throw new InvalidQuestionException("\"references\" must be an array");
        }
        for (JsonNode reference : value) {
            if (reference.isTextual()) {
                references.add(kind.read(reference.asText(), type));
            } else if (reference.isObject() && reference.path("text").isTextual()) {
                try {
                    references.add(JSON.treeToValue(reference, ReferenceAnswer.class));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    throw new InvalidQuestionException("a reference is not {kind, text, synonyms}: " + reference);
                }
            } else {
                throw new InvalidQuestionException("a reference is neither a text nor {kind, text, synonyms}: " + reference);
            }
        }
        return references;
    }

    private static Map<String, String> metadata(JsonNode node) {
        JsonNode value = node.get("metadata");
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return metadata;
        }
        if (!value.isObject()) {
            throw new InvalidQuestionException("\"metadata\" must be an object");
        }
        value.properties().forEach(entry -> metadata.put(entry.getKey(),
                entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
        return metadata;
    }
}
