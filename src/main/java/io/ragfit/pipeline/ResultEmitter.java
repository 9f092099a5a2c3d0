package io.ragfit.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.ragfit.generation.GeneratedAnswer;
import io.ragfit.results.ScoreRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Sends a question's answers and scores to their topics, keyed by question id, and waits for the broker. */
@ApplicationScoped
class ResultEmitter {

    static final String ANSWERS = "answers";
    static final String SCORES = "scores";

    private final MutinyEmitter<AnswerEvent> answers;
    private final MutinyEmitter<ScoreEvent> scores;

    ResultEmitter(@Channel(ANSWERS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<AnswerEvent> answers,
            @Channel(SCORES) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<ScoreEvent> scores) {
        this.answers = answers;
        this.scores = scores;
    }

    Uni<Void> emit(UUID runId, String questionId, List<GeneratedAnswer> answered, List<ScoreRecord> scored) {
        List<Uni<Void>> sent = new ArrayList<>();
        answered.forEach(answer -> sent.add(answers.sendMessage(keyed(questionId, AnswerEvent.of(runId, questionId, answer)))));
        Set<String> builtin = ScoreEvent.builtinVariants(answered);
        scored.forEach(score -> sent.add(scores.sendMessage(keyed(questionId, ScoreEvent.of(score, builtin)))));
        return sent.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sent).andFailFast().replaceWithVoid();
    }

    private static <T> Message<T> keyed(String key, T payload) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
