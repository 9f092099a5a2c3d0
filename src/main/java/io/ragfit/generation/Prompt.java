package io.ragfit.generation;

import java.util.List;

import io.ragfit.openai.ChatMessage;

/**
 * The messages sent to every variant for one question, byte for byte.
 *
 * @param hash SHA-256 (hex) of the messages: recorded with every answer, it proves which variants saw the same prompt
 * @param chunkIds the retrieved chunks that fit in the context budget, in rank order
 */
public record Prompt(List<ChatMessage> messages, String hash, List<String> chunkIds, int contextCharacters) {

    public Prompt {
        messages = List.copyOf(messages);
        chunkIds = List.copyOf(chunkIds);
    }
}
