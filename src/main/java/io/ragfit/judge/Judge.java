package io.ragfit.judge;

import java.util.List;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.generation.VariantDefinition;
import io.smallrye.mutiny.Uni;

/** Judges an answer: G-Eval on each criterion with a judge variant, and reference metrics when there are references. */
public interface Judge {

    /**
     * What is judged: the question, the context the answer was written from, the answer, its references.
     *
     * @param builtinAnswer whether the answer came from ragfit's built-in reader rather than a model
     */
    record Input(String question, List<String> context, String answer, List<ReferenceAnswer> references, QuestionType type,
            boolean builtinAnswer) {
    }

    /**
     * How: the judge's definition (null: no G-Eval, reference metrics only), its mode and the criteria (empty: the
     * configured defaults).
     */
    record Settings(VariantDefinition judge, JudgeConfig.Mode mode, List<String> criteria) {
    }

    /** What a judge that cannot be reached (overloaded, down) does to an evaluation. */
    enum OnOutage {
        /** The judgement keeps the reason, without a score: a one-off evaluation answers at once. */
        RECORD,
        /** The evaluation fails with {@link io.ragfit.openai.EndpointUnavailableException}, to be asked again later. */
        FAIL
    }

    Uni<Evaluation> evaluate(Input input, Settings settings, OnOutage onOutage);
}
