package io.ragfit.generation;

import java.util.List;

import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;

/**
 * How a variant answers. A refusal is an answer: a {@link GeneratedAnswer} with status FAILED and its reason.
 * Only an endpoint that could not answer for a cause that may pass (overloaded, down, too slow) fails the Uni,
 * with {@link io.ragfit.openai.EndpointUnavailableException}: whoever asked decides whether to wait.
 */
public interface AnswerSource {

    Uni<GeneratedAnswer> answer(String question, List<RetrievedChunk> chunks, Prompt prompt);
}
