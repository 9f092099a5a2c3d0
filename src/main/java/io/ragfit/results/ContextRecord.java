package io.ragfit.results;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;


import io.ragfit.generation.Prompt;
import io.ragfit.openai.ChatMessage;
import io.ragfit.retrieval.RetrievedChunk;

/** What every variant was given for a question: the retrieved chunks and the exact prompt. */
@Entity
@Table(name = "context")
public class ContextRecord {

    @EmbeddedId
    public QuestionKey key;

    @Convert(converter = JsonColumn.Chunks.class)
    @Column(nullable = false)
    public List<RetrievedChunk> chunks;

    @Convert(converter = JsonColumn.Messages.class)
    @Column(nullable = false)
    public List<ChatMessage> prompt;

    @Column(name = "prompt_hash", nullable = false)
    public String promptHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static ContextRecord of(QuestionKey question, List<RetrievedChunk> chunks, Prompt prompt) {
        ContextRecord context = new ContextRecord();
        context.key = question;
        context.chunks = chunks;
        context.prompt = prompt.messages();
        context.promptHash = prompt.hash();
        context.createdAt = Instant.now();
        return context;
    }
}
