package io.ragfit.generation;

import java.util.List;

import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;

/** How a variant answers. Never fails: a failure is a {@link GeneratedAnswer} with status FAILED and its reason. */
public interface AnswerSource {

    Uni<GeneratedAnswer> answer(String question, List<RetrievedChunk> chunks, Prompt prompt);
}
