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
 * A value stored as JSON text. Hibernate Reactive binds JSON columns through Vert.x {@code JsonObject}, which
 * cannot hold a top-level array (hibernate/hibernate-reactive#4156), so lists (and records with arrays
 * inside) go in text columns instead.
 */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaType type;

    protected JsonColumn(JavaType type) {
        this.type = type;
    }

    protected JsonColumn(Class<T> type) {
        this(JSON.getTypeFactory().constructType(type));
    }

    static JavaType listOf(Class<?> element) {
        return JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a value could not be written as JSON", e);
        }
    }

    @Override
    public T convertToEntityAttribute(String json) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value is not the JSON expected: " + e.getOriginalMessage(), e);
        }
    }

    public static final class Strings extends JsonColumn<List<String>> {

        public Strings() {
            super(listOf(String.class));
        }
    }

    public static final class Answers extends JsonColumn<List<Answer>> {

        public Answers() {
            super(listOf(Answer.class));
        }
    }

    public static final class Chunks extends JsonColumn<List<RetrievedChunk>> {

        public Chunks() {
            super(listOf(RetrievedChunk.class));
        }
    }

    public static final class Messages extends JsonColumn<List<ChatMessage>> {

        public Messages() {
            super(listOf(ChatMessage.class));
        }
    }
}
