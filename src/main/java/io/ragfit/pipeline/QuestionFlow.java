package io.ragfit.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.experiment.Run;
import io.ragfit.experiment.RunService;
import io.ragfit.generation.AnswerService;
import io.ragfit.generation.AnswerSet;
import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantRegistry;
import io.ragfit.judge.Evaluation;
import io.ragfit.judge.JudgeService;
import io.ragfit.judge.Judgement;
import io.ragfit.judge.ReferenceScores;
import io.ragfit.results.ContextRecord;
import io.ragfit.results.QuestionKey;
import io.ragfit.results.QuestionRecord;
import io.ragfit.results.QuestionRecord.State;
import io.ragfit.results.ResultStore;
import io.ragfit.results.ResultStore.Stored;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.retrieval.Retriever;
import io.smallrye.mutiny.Uni;

/**
 * One question, start to end: retrieve once, the same prompt to each of the run's variants, the judge on
 * each answer, then store and emit. Whatever a previous delivery of the question already stored is reused,
 * not redone, so a redelivered question ends with one set of results.
 */
@ApplicationScoped
public class QuestionFlow {

    private final RunService runs;
    private final ResultStore store;
    private final Retriever retriever;
    private final AnswerService answerService;
    private final VariantRegistry variants;
    private final JudgeService judge;
    private final ResultEmitter emitter;

    QuestionFlow(RunService runs, ResultStore store, Retriever retriever, AnswerService answerService,
            VariantRegistry variants, JudgeService judge, ResultEmitter emitter) {
        this.runs = runs;
        this.store = store;
        this.retriever = retriever;
        this.answerService = answerService;
        this.variants = variants;
        this.judge = judge;
        this.emitter = emitter;
    }

    public Uni<Void> process(QuestionMessage message) {
        return runs.resolve(message.runId())
                .chain(run -> store.begin(record(run, message))
                        .chain(stored -> switch (stored.question().state) {
                            case CANCELLED -> Uni.createFrom().voidItem();
                            case COMPLETED -> stored.question().emittedAt != null ? Uni.createFrom().voidItem()
                                    : emit(stored.question().key, stored.storedAnswers());
                            default -> answerAndJudge(run, stored);
                        }));
    }

    /** Marks the question failed, with the reason, if it was stored; never fails itself. */
    public Uni<Void> fail(QuestionMessage message, String reason) {
        return runs.resolve(message.runId())
                .chain(run -> store.fail(new QuestionKey(run.id, message.id()), reason))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> answerAndJudge(Run run, Stored stored) {
        QuestionRecord question = stored.question();
        Uni<List<RetrievedChunk>> chunks = stored.context() != null ? Uni.createFrom().item(stored.context().chunks)
                : retriever.retrieve(question.corpus, question.text, run.retrievalK);
        return chunks.chain(retrieved -> {
            List<String> unanswered = run.variants.stream().filter(name -> !stored.answers().containsKey(name)).toList();
            List<VariantDefinition> registered = unanswered.stream().flatMap(name -> variants.find(name).stream()).toList();
            return answerService.answer(question.text, retrieved, registered).chain(set -> {
                List<GeneratedAnswer> fresh = new ArrayList<>(set.answers());
                unanswered.stream()
                        .filter(name -> variants.find(name).isEmpty())
                        .map(name -> unregistered(name, set.prompt().hash()))
                        .forEach(fresh::add);
                List<GeneratedAnswer> all = new ArrayList<>(stored.storedAnswers());
                all.addAll(fresh);
                return store.saveAnswers(stored, ContextRecord.of(question.key, retrieved, set.prompt()), fresh)
                        .chain(() -> judgeAll(run, question, set, all, stored.scores().keySet()))
                        .chain(evaluations -> store.complete(question.key, judgements(evaluations), references(evaluations)))
                        .chain(() -> emit(question.key, all));
            });
        });
    }

    /** Each answered variant not judged yet, judged in parallel; reference-free when the question has no references. */
    private Uni<Map<String, Evaluation>> judgeAll(Run run, QuestionRecord question, AnswerSet set,
            List<GeneratedAnswer> answers, Set<String> judged) {
        List<String> context = set.chunks().stream()
                .filter(chunk -> set.prompt().chunkIds().contains(chunk.chunkId()))
                .map(RetrievedChunk::text)
                .toList();
        List<GeneratedAnswer> toJudge = answers.stream()
                .filter(answer -> answer.status() == GeneratedAnswer.Status.ANSWERED && !judged.contains(answer.variant()))
                .toList();
        if (toJudge.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(toJudge.stream()
                .map(answer -> judge.evaluate(
                        new JudgeService.Input(question.text, context, answer.text(), question.answers, question.questionType),
                        run.criteria, Optional.ofNullable(run.judgeMode), Optional.ofNullable(run.judgeVariant)))
                .toList())
                .andFailFast()
                .map(evaluations -> {
                    Map<String, Evaluation> byVariant = new LinkedHashMap<>();
                    for (int i = 0; i < toJudge.size(); i++) {
                        byVariant.put(toJudge.get(i).variant(), evaluations.get(i));
                    }
                    return byVariant;
                });
    }

    private Uni<Void> emit(QuestionKey question, List<GeneratedAnswer> answers) {
        return store.scores(question)
                .chain(scores -> emitter.emit(question.runId(), question.questionId(), answers, scores))
                .chain(() -> store.markEmitted(question));
    }

    private static Map<String, List<Judgement>> judgements(Map<String, Evaluation> evaluations) {
        Map<String, List<Judgement>> judgements = new LinkedHashMap<>();
        evaluations.forEach((variant, evaluation) -> judgements.put(variant, evaluation.geval()));
        return judgements;
    }

    private static Map<String, ReferenceScores> references(Map<String, Evaluation> evaluations) {
        Map<String, ReferenceScores> references = new LinkedHashMap<>();
        evaluations.forEach((variant, evaluation) -> {
            if (evaluation.reference() != null) {
                references.put(variant, evaluation.reference());
            }
        });
        return references;
    }

    private static GeneratedAnswer unregistered(String variant, String promptHash) {
        return new GeneratedAnswer(variant, null, GeneratedAnswer.Status.FAILED, null, null, null, null, 0, 0,
                "variant '" + variant + "' is not registered any more", false, promptHash);
    }

    /** The question as stored, its corpus the run's when it names none. */
    static QuestionRecord record(Run run, QuestionMessage message) {
        String corpus = message.corpus() != null ? message.corpus() : run.corpus;
        if (corpus == null) {
            throw new InvalidQuestionException("no \"corpus\": the question names none and run '" + run.name
                    + "' has no default corpus");
        }
        QuestionRecord question = new QuestionRecord();
        question.key = new QuestionKey(run.id, message.id());
        question.batchId = message.batchId();
        question.text = message.question();
        question.corpus = corpus;
        question.questionType = message.questionType();
        question.answers = message.references();
        question.metadata = message.metadata();
        question.state = State.PENDING;
        question.receivedAt = Instant.now();
        return question;
    }
}
