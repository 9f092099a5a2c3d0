package io.ragfit.generation;

import java.util.List;

import io.ragfit.generation.GeneratedAnswer.Status;
import io.ragfit.generation.SentenceSplitter.Located;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;

/**
 * ragfit's built-in tuned reader: the retrieved sentences its {@link SentenceRanker} model, trained on an
 * experiment's train split, scores best, in reading order. Not an LLM, and every answer says so.
 */
public final class TunedReader implements AnswerSource {

    static final String MODEL = "ragfit-builtin-tuned-reader";
    /** How its fine-tuning is recorded on the variant. */
    public static final String METHOD = "builtin-ranker";

    private final String variant;
    private final TunedReaders models;
    private final int sentences;
    private final Integer maxTokens;

    TunedReader(String variant, TunedReaders models, int sentences, Integer maxTokens) {
        this.maxTokens = maxTokens;
        this.variant = variant;
        this.models = models;
        this.sentences = sentences;
    }

    @Override
    public Uni<GeneratedAnswer> answer(String question, List<RetrievedChunk> chunks, Prompt prompt) {
        long started = System.nanoTime();
        List<Located> candidates = SentenceSplitter.located(chunks);
        if (candidates.isEmpty()) {
            return Uni.createFrom().item(answer(Status.FAILED, null, "no retrieved sentence to answer from", prompt, started));
        }
        return models.model(variant)
                .map(model -> {
                    StringBuilder text = new StringBuilder();
                    for (int i : SentenceRanker.best(model, question, candidates, sentences)) {
                        text.append(text.isEmpty() ? "" : " ").append(candidates.get(i).text());
                    }
                    return answer(Status.ANSWERED, text.toString(), null, prompt, started);
                })
                // the database down is an outage to wait out, not a reader without a model
                .onFailure(failure -> !Database.outage(failure))
                .recoverWithItem(failure -> answer(Status.FAILED, null,
                        "the built-in tuned reader has no model: " + failure.getMessage(), prompt, started));
    }

    private GeneratedAnswer answer(Status status, String text, String error, Prompt prompt, long started) {
        return BuiltinAnswers.of(variant, MODEL, status, BuiltinAnswers.capped(text, maxTokens), error, prompt, started);
    }
}
