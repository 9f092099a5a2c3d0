package io.ragfit.generation;

import io.ragfit.generation.GeneratedAnswer.Status;

/** Answers of the built-in readers: always marked built in, never mistaken for an LLM's. */
final class BuiltinAnswers {

    private BuiltinAnswers() {
    }

    /** The answer cut to its first {@code maxTokens} words (a built-in reader's tokens are words); whole when null. */
    static String capped(String text, Integer maxTokens) {
        if (text == null || maxTokens == null) {
            return text;
        }
        String[] words = text.strip().split("\\s+");
        return words.length <= maxTokens ? text : String.join(" ", java.util.Arrays.copyOf(words, maxTokens));
    }

    static GeneratedAnswer of(String variant, String model, Status status, String text, String error, Prompt prompt,
            long startedNanos) {
        return new GeneratedAnswer(variant, model, status, text, status == Status.ANSWERED ? "stop" : null, null, null,
                ChatVariant.millisSince(startedNanos), 1, error, true, prompt.hash());
    }
}
