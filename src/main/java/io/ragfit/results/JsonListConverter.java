package io.ragfit.results;

import java.util.List;

import jakarta.persistence.AttributeConverter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ragfit.corpus.Answer;
import io.ragfit.openai.ChatMessage;
import io.ragfit.retrieval.RetrievedChunk;

/**
 * A list stored as JSON text. Hibernate Reactive binds JSON columns through Vert.x {@code JsonObject}, which
 * cannot hold a top-level array (hibernate/hibernate-reactive#4156), so lists go in text columns instead.
 */
public abstract class JsonListConverter<T> implements AttributeConverter<List<T>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaType type;

    JsonListConverter(Class<T> element) {
        this.type = JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    @Override
    public String convertToDatabaseColumn(List<T> list) {
        try {
            return list == null ? null : JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a list could not be written as JSON", e);
        }
    }

    @Override
    public List<T> convertToEntityAttribute(String json) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored list is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    public static final class Strings extends JsonListConverter<String> {

        public Strings() {
            super(String.class);
        }
    }

    public static final class Answers extends JsonListConverter<Answer> {

        public Answers() {
            super(Answer.class);
        }
    }

    public static final class Chunks extends JsonListConverter<RetrievedChunk> {

        public Chunks() {
            super(RetrievedChunk.class);
        }
    }

    public static final class Messages extends JsonListConverter<ChatMessage> {

        public Messages() {
            super(ChatMessage.class);
        }
    }
}
