package io.ragfit.judge;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.corpus.QuestionType;
import io.ragfit.corpus.ReferenceAnswer;
import io.ragfit.embedding.Cosine;
import io.ragfit.embedding.Embedder;
import io.ragfit.generation.ChatEndpoint;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.JudgeConfig.Mode;
import io.ragfit.openai.EndpointUnavailableException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Judges an answer: G-Eval on each criterion with the judge variant, and reference metrics. */
@ApplicationScoped
public class JudgeService implements Judge {

    private final Criteria criteria;
    private final EvaluationSteps steps;
    private final GEvalJudge geval;
    private final VariantRegistry variants;
    private final Embedder embedder;
    private final ReferenceVectors referenceVectors;
    private final JudgeConfig config;

    JudgeService(Criteria criteria, EvaluationSteps steps, GEvalJudge geval, VariantRegistry variants, Embedder embedder,
            JudgeConfig config) {
        this.criteria = criteria;
        this.steps = steps;
        this.geval = geval;
        this.variants = variants;
        this.embedder = embedder;
        this.referenceVectors = new ReferenceVectors(embedder);
        this.config = config;
    }

    @Override
    public Uni<Evaluation> evaluate(Input input, Settings settings, OnOutage onOutage) {
        List<Criterion> judged = settings.criteria() == null || settings.criteria().isEmpty() ? criteria.defaults()
                : criteria.require(settings.criteria());
        List<String> notes = new ArrayList<>();
        Uni<List<Judgement>> gEval;
        if (settings.judge() == null) {
            notes.add("no judge variant configured (ragfit.judge.variant): G-Eval not run, reference metrics only");
            gEval = Uni.createFrom().item(List.of());
        } else {
            ChatEndpoint judge = variants.chat(settings.judge());
            Mode chosen = settings.mode() != null ? settings.mode() : config.mode();
            String reference = referenceText(input.references());
            gEval = Uni.join().all(judged.stream()
                    .map(criterion -> steps.of(criterion, judge)
                            .chain(written -> geval.judge(judge, criterion, written, input.question(), input.context(),
                                    input.answer(), reference, chosen, onOutage))
                            .onFailure(failure -> onOutage == OnOutage.RECORD || !(failure instanceof EndpointUnavailableException))
                            .recoverWithItem(failure -> Judgement.unmade(criterion.key(), chosen, judge.variant().name(),
                                    judge.variant().model(), failure.getMessage())))
                    .toList()).andFailFast();
        }
        Uni<ReferenceScores> reference;
        if (input.references() == null || input.references().isEmpty()) {
            notes.add("no reference answer: reference metrics not computed");
            reference = Uni.createFrom().nullItem();
        } else {
            reference = referenceScores(input);
        }
        return Uni.combine().all().unis(gEval, reference)
                .with((judgements, scores) -> new Evaluation(judgements, scores, notes.isEmpty() ? null : String.join("; ", notes)));
    }

    private Uni<ReferenceScores> referenceScores(Input input) {
        String answer = input.answer() == null ? "" : input.answer();
        // ROUGE-L is quadratic in time: a long answer would hold an event loop for seconds
        Uni<ReferenceMetrics.Scores> computed = Uni.createFrom().item(() -> ReferenceMetrics.score(answer, input.references(),
                input.type() == null ? QuestionType.OPEN : input.type(), input.builtinAnswer()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        Uni<float[]> answerVector = embedder.embedDocuments(List.of(answer)).map(List::getFirst);
        Uni<List<float[]>> referenceVectors = this.referenceVectors.of(ReferenceMetrics.texts(input.references()));
        return computed.chain(scores -> Uni.combine().all().unis(answerVector, referenceVectors).asTuple().map(vectors -> {
            double best = 0;
            for (float[] reference : vectors.getItem2()) {
                best = Math.max(best, Cosine.similarity(vectors.getItem1(), reference));
            }
            return ReferenceScores.of(scores, best);
        }));
    }

    /** The reference the judge sees: the ideal answers, else the exact ones. */
    static String referenceText(List<ReferenceAnswer> references) {
        if (references == null || references.isEmpty()) {
            return null;
        }
        List<String> ideal = references.stream().filter(answer -> answer.kind() == ReferenceAnswer.Kind.IDEAL)
                .map(ReferenceAnswer::text).toList();
        List<String> chosen = ideal.isEmpty() ? references.stream().map(ReferenceAnswer::text).distinct().toList() : ideal;
        return String.join(" / ", chosen);
    }
}
