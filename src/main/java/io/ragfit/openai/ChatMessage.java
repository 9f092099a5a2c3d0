package io.ragfit.openai;

import java.util.List;
import java.util.stream.Stream;

import io.ragfit.corpus.StableIds;

/** One message of a chat: {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {

    /** SHA-256 (hex) over each message's role and content: the same messages, byte for byte, give the same hash. */
    public static String hash(List<ChatMessage> messages) {
        return StableIds.sha256(messages.stream()
                .flatMap(message -> Stream.of(message.role(), message.content()))
                .toArray(String[]::new));
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
