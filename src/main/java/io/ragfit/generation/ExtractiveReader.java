package io.ragfit.generation;

import java.util.ArrayList;
import java.util.List;

import io.ragfit.embedding.Cosine;
import io.ragfit.embedding.Embedder;
import io.ragfit.generation.GeneratedAnswer.Status;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.RetrievedChunk;
import io.smallrye.mutiny.Uni;

/**
 * ragfit's built-in "model" for machines without an LLM: it answers with the retrieved sentences most
 * similar to the question (embedding cosine), in reading order. It is not an LLM, and every answer says so.
 */
final class ExtractiveReader implements AnswerSource {

    static final String MODEL = "ragfit-builtin-extractive-reader";

    private final String variant;
    private final Embedder embedder;
    private final int sentences;
    private final Integer maxTokens;

    ExtractiveReader(String variant, Embedder embedder, int sentences, Integer maxTokens) {
        this.maxTokens = maxTokens;
        this.variant = variant;
        this.embedder = embedder;
        this.sentences = sentences;
    }

    @Override
    public Uni<GeneratedAnswer> answer(String question, List<RetrievedChunk> chunks, Prompt prompt) {
        long started = System.nanoTime();
        List<String> candidates = SentenceSplitter.of(chunks);
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(answer(Status.FAILED, null, "no retrieved sentence to answer from", prompt, started));
        }
        return Uni.combine().all()
                .unis(embedder.embedQuery(question), embedder.embedDocuments(candidates))
                .with((questionVector, sentenceVectors) -> {
                    List<String> chosen = new ArrayList<>();
                    Cosine.closest(questionVector, sentenceVectors, sentences).forEach(i -> chosen.add(candidates.get(i)));
                    return answer(Status.ANSWERED, String.join(" ", chosen), null, prompt, started);
                })
                .onFailure(failure -> !(failure instanceof EndpointUnavailableException))
                .recoverWithItem(failure -> answer(Status.FAILED, null,
                        "the built-in reader could not embed the sentences: " + failure.getMessage(), prompt, started));
    }

    private GeneratedAnswer answer(Status status, String text, String error, Prompt prompt, long started) {
        return BuiltinAnswers.of(variant, MODEL, status, BuiltinAnswers.capped(text, maxTokens), error, prompt, started);
    }
}
