package io.ragfit.generation;

import java.util.List;

import io.ragfit.retrieval.RetrievedChunk;

/** One question answered by several variants from one shared context. */
public record AnswerSet(String corpus, String question, List<RetrievedChunk> chunks, Prompt prompt,
        List<GeneratedAnswer> answers) {
}
