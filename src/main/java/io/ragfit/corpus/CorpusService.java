package io.ragfit.corpus;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.ragfit.retrieval.ChunkIndex;
import io.ragfit.retrieval.Retriever;
import io.ragfit.store.Changes;
import io.ragfit.store.Database;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CorpusService {

    private final CorpusRepository repository;
    private final ChunkIndex index;
    private final Database database;
    private final Changes changes;
    private final IngestionService ingestion;

    CorpusService(CorpusRepository repository, ChunkIndex index, IngestionService ingestion, Database database,
            Changes changes) {
        this.repository = repository;
        this.index = index;
        this.database = database;
        this.changes = changes;
        this.ingestion = ingestion;
    }

    public Uni<List<Corpus>> list() {
        return repository.list();
    }

    public Uni<CorpusDetails> describe(String id) {
        return existing(id).chain(corpus -> Uni.combine().all()
                .unis(index.stats(id), repository.countQuestions(id), ingestion.latest(id))
                .with((stats, questions, last) -> new CorpusDetails(corpus, index.indexName(id), stats.chunks(),
                        stats.documents(), questions, last.orElse(null))));
    }

    /** Cancels its ingestion if one runs, then deletes its index, its questions and its records, on every instance. */
    public Uni<Void> delete(String id) {
        return existing(id)
                .chain(() -> ingestion.cancel(id))
                .chain(() -> index.delete(id))
                .chain(() -> repository.delete(id))
                .chain(() -> changes.announce(database, Retriever.CHANGES));
    }

    /** The questions the corpus's datasets brought, with their references, ordered by id. */
    public Uni<List<Question>> questions(String id) {
        return existing(id).chain(() -> repository.questions(id));
    }

    public Uni<Corpus> existing(String id) {
        return repository.find(id).map(found -> found.orElseThrow(() -> new NoSuchCorpusException(id)));
    }
}
