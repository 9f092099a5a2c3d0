package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.ragfit.corpus.Chunker;
import io.ragfit.corpus.Corpus;
import io.ragfit.corpus.CorpusDetails;
import io.ragfit.corpus.CorpusService;
import io.ragfit.corpus.IngestionOptions;
import io.ragfit.corpus.IngestionProgress;
import io.ragfit.corpus.IngestionService;
import io.ragfit.corpus.IngestionSource;
import io.ragfit.corpus.IngestionSources;
import io.ragfit.corpus.NoSuchCorpusException;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.embedding.Embedder;
import io.ragfit.retrieval.RetrievalConfig;
import io.ragfit.retrieval.Retriever;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/corpora")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class CorpusResource {

    /** Corpus ids name Elasticsearch indices: lowercase letters, digits, '-' and '_'. */
    static final String CORPUS_ID = Corpus.ID;
    static final String NDJSON = "application/x-ndjson";
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final CorpusService corpora;
    private final IngestionService ingestion;
    private final Retriever retriever;
    private final Embedder embedder;
    private final RetrievalConfig retrieval;
    private final IngestionSources sources;
    private final EventStreams streams;

    CorpusResource(CorpusService corpora, IngestionService ingestion, Retriever retriever, Embedder embedder,
            RetrievalConfig retrieval, IngestionSources sources, EventStreams streams) {
        this.streams = streams;
        this.corpora = corpora;
        this.ingestion = ingestion;
        this.retriever = retriever;
        this.embedder = embedder;
        this.retrieval = retrieval;
        this.sources = sources;
    }

    @GET
    public Uni<List<Corpus>> list() {
        return corpora.list();
    }

    @GET
    @Path("{id}")
    public Uni<CorpusDetails> get(@RestPath String id) {
        return corpora.describe(id);
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@RestPath String id) {
        return corpora.delete(id).replaceWith(Response.noContent().build());
    }

    /** Loads a file under the corpus root; creates the corpus on its first ingestion. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{id}/ingestions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Uni<Response> ingestPath(@RestPath @Pattern(regexp = CORPUS_ID) String id, @Valid @NotNull IngestFromPath request) {
        return start(id, sources.underRoot(request.path()), options(request.format(), request.chunkSize(),
                request.chunkOverlap(), request.maxMalformedShare()));
    }

    /**
     * Loads an uploaded file (form fields {@code file}, {@code format}, optional {@code chunkSize},
     * {@code chunkOverlap}, {@code maxMalformedShare}).
     */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{id}/ingestions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<Response> ingestUpload(@RestPath @Pattern(regexp = CORPUS_ID) String id,
            @RestForm @NotBlank String format,
            @RestForm("file") @NotNull FileUpload file,
            @RestForm @Min(20) @Max(100_000) Integer chunkSize,
            @RestForm @Min(0) @Max(50_000) Integer chunkOverlap,
            @RestForm @DecimalMin("0") @DecimalMax("1") Double maxMalformedShare) {
        IngestionOptions options = options(format, chunkSize, chunkOverlap, maxMalformedShare);
        return start(id, sources.upload(file.uploadedFile(), file.fileName(), id), options);
    }

    /** Loads a JSON Lines body streamed as it is sent ({@code ?format=} and optional chunking in the query). */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{id}/ingestions")
    @Consumes(NDJSON)
    @Blocking
    public Uni<Response> ingestStream(@RestPath @Pattern(regexp = CORPUS_ID) String id,
            @RestQuery @NotBlank String format,
            @RestQuery @Min(20) @Max(100_000) Integer chunkSize,
            @RestQuery @Min(0) @Max(50_000) Integer chunkOverlap,
            @RestQuery @DecimalMin("0") @DecimalMax("1") Double maxMalformedShare,
            InputStream body) {
        IngestionOptions options = options(format, chunkSize, chunkOverlap, maxMalformedShare);
        return start(id, sources.stream(body, id), options);
    }

    @GET
    @Path("{id}/ingestion")
    public Uni<IngestionProgress> progress(@RestPath String id) {
        return ingestion.latest(id).map(progress -> progress.orElseThrow(() -> new NoSuchCorpusException(id)));
    }

    /** Progress every half second until the ingestion ends, the last event being its outcome. */
    @GET
    @Path("{id}/ingestion/events")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<IngestionProgress> progressEvents(@RestPath String id, @Context SecurityContext caller) {
        return streams.open(caller, progress(id), first -> Multi.createFrom().ticks().every(PROGRESS_INTERVAL)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> progress(id))
                .select().first(progress -> !progress.finished())
                .onCompletion().switchTo(() -> progress(id).toMulti()));
    }

    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}/ingestion")
    public Uni<Response> cancel(@RestPath String id) {
        return ingestion.cancel(id).map(cancelled -> cancelled ? Response.noContent().build()
                : Response.status(Response.Status.NOT_FOUND)
                        .entity(ApiError.of("no ingestion is running in corpus '" + id + "'"))
                        .build());
    }

    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{id}/search")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SearchResponse> search(@RestPath String id, @Valid @NotNull SearchRequest request) {
        long started = System.nanoTime();
        return retriever.retrieve(id, request.query(),
                Optional.ofNullable(request.k()).orElse(retrieval.k()),
                Optional.ofNullable(request.numCandidates()).orElse(retrieval.numCandidates()))
                .map(chunks -> new SearchResponse(id, request.query(), embedder.model(), chunks,
                        (System.nanoTime() - started) / 1e6));
    }

    private Uni<Response> start(String id, IngestionSource source, IngestionOptions options) {
        return ingestion.ingest(id, source, options)
                .onFailure().invoke(() -> {
                    if (source.staged()) {
                        source.file().toFile().delete();
                    }
                })
                .map(progress -> Response.accepted(progress)
                        .location(URI.create("/corpora/" + id + "/ingestion"))
                        .build());
    }

    private static IngestionOptions options(String format, Integer chunkSize, Integer chunkOverlap,
            Double maxMalformedShare) {
        if (chunkSize != null || chunkOverlap != null) {
            try {
                new Chunker(Optional.ofNullable(chunkSize).orElse(Chunker.PAPER_SIZE),
                        Optional.ofNullable(chunkOverlap).orElse(0));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage());
            }
        }
        Optional<DatasetFormat> dataset = DatasetFormat.AUTO.equals(format) ? Optional.empty()
                : Optional.of(DatasetFormat.byName(format).orElseThrow(() -> new UnknownFormatException(format)));
        return new IngestionOptions(dataset, Optional.ofNullable(chunkSize), Optional.ofNullable(chunkOverlap),
                Optional.ofNullable(maxMalformedShare));
    }
}
