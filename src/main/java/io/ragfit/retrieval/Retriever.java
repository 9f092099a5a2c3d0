package io.ragfit.retrieval;

import static io.ragfit.tracing.SpanAttributes.CORPUS;
import static io.ragfit.tracing.SpanAttributes.EMBEDDING_MODEL;
import static io.ragfit.tracing.SpanAttributes.K;
import static io.ragfit.tracing.SpanAttributes.RETRIEVED;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.ragfit.embedding.Embedder;
import io.ragfit.store.Changes;
import io.ragfit.tracing.Traces;
import io.smallrye.mutiny.Uni;

/**
 * Top-k chunks for a question: the question embedded by the corpus's own model, then kNN in its index. A span
 * {@code retrieve}, with the embedding and the search beneath it.
 */
@ApplicationScoped
public class Retriever {

    /** Corpora were deleted or rebuilt: what is known of their indices is forgotten, on every instance. */
    public static final String CHANGES = "corpora";


    private final ChunkIndex index;
    private final Traces traces;
    private final Embedder embedder;
    private final RetrievalConfig config;
    private final Map<String, IndexSettings> checked = new ConcurrentHashMap<>();

    Retriever(ChunkIndex index, Embedder embedder, RetrievalConfig config, Changes changes, Traces traces) {
        this.index = index;
        this.traces = traces;
        this.embedder = embedder;
        this.config = config;
        changes.on(CHANGES, checked::clear);
    }

    public Uni<List<RetrievedChunk>> retrieve(String corpus, String question) {
        return retrieve(corpus, question, config.k(), config.numCandidates());
    }

    /** The top {@code k} chunks, or the configured number when {@code k} is null. */
    public Uni<List<RetrievedChunk>> retrieve(String corpus, String question, Integer k) {
        return k == null ? retrieve(corpus, question) : retrieve(corpus, question, k, Math.max(k, config.numCandidates()));
    }

    public Uni<List<RetrievedChunk>> retrieve(String corpus, String question, int k, int numCandidates) {
        return traces.span("retrieve", SpanKind.INTERNAL, Attributes.of(CORPUS, corpus, K, (long) k), trace -> checkedModel(corpus)
                .chain(() -> traces.span("embed question", SpanKind.INTERNAL,
                        Attributes.of(EMBEDDING_MODEL, embedder.model().name()), embedding -> embedder.embedQuery(question)))
                .chain(vector -> index.nearest(corpus, vector, k, numCandidates))
                .invoke(chunks -> Span.fromContext(trace).setAttribute(RETRIEVED, chunks.size())));
    }

    private Uni<IndexSettings> checkedModel(String corpus) {
        IndexSettings known = checked.get(corpus);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return index.settings(corpus).map(settings -> {
            IndexSettings found = settings.orElseThrow(() -> new NoSuchCorpusIndexException(corpus));
            if (!found.model().equals(embedder.model())) {
                throw new EmbeddingModelMismatchException(corpus, found.model(), embedder.model());
            }
            checked.put(corpus, found);
            return found;
        });
    }
}
