package io.ragfit.experiment;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.corpus.Question;
import io.ragfit.retrieval.RetrievedChunk;
import io.ragfit.retrieval.Retriever;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The chunks retrieved for train questions, exactly as evaluation retrieves them, a few questions at a time. */
@ApplicationScoped
class TrainingContexts {

    private static final int AT_ONCE = 8;

    private final Retriever retriever;

    TrainingContexts(Retriever retriever) {
        this.retriever = retriever;
    }

    Uni<Map<String, List<RetrievedChunk>>> retrieve(ExperimentSpec spec, Collection<Question> questions) {
        Map<String, List<RetrievedChunk>> contexts = new ConcurrentHashMap<>();
        return Multi.createFrom().iterable(questions)
                .onItem().transformToUni(question -> retriever.retrieve(spec.corpus(), question.text(), spec.retrievalK())
                        .invoke(chunks -> contexts.put(question.id(), chunks)))
                .merge(AT_ONCE)
                .collect().last()
                .replaceWith(contexts);
    }
}
