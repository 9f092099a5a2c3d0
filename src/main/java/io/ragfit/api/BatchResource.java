package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.ragfit.corpus.ReferenceKind;
import io.ragfit.pipeline.BatchParser;
import io.ragfit.pipeline.BatchProgress;
import io.ragfit.pipeline.BatchService;
import io.ragfit.pipeline.QuestionResult;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/batches")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class BatchResource {

    private final BatchService batches;
    private final EventStreams streams;

    BatchResource(BatchService batches, EventStreams streams) {
        this.streams = streams;
        this.batches = batches;
    }

    /**
     * Questions to evaluate: a JSON array, or NDJSON (one question per line), each
     * {@code {id, question, corpus?, questionType?, references?, referenceKind?, metadata?}}. {@code ?run=} names the
     * run (id or name); without it the questions join the live run. {@code ?referenceKind=} (auto, exact, ideal) says
     * how references given as plain text are read, unless a question says otherwise.
     */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Consumes({ MediaType.APPLICATION_JSON, CorpusResource.NDJSON, "application/jsonl", MediaType.TEXT_PLAIN })
    @Blocking
    public Uni<Response> submit(@RestQuery String run, @RestQuery String referenceKind, InputStream body) {
        ReferenceKind kind = referenceKind == null ? ReferenceKind.AUTO : ReferenceKind.named(referenceKind)
                .orElseThrow(() -> new InvalidRequestException("referenceKind", "referenceKind is one of auto, exact, ideal; was "
                        + referenceKind));
        return batches.submit(run, BatchParser.parse(body, batches.limits(), kind))
                .map(progress -> Response.accepted(progress).location(URI.create("/batches/" + progress.id())).build());
    }

    @GET
    @Path("{id}")
    public Uni<BatchProgress> progress(@RestPath UUID id) {
        return batches.progress(id);
    }

    /** Questions of the batch with their answers and scores, a page at a time. */
    @GET
    @Path("{id}/results")
    public Uni<List<QuestionResult>> results(@RestPath UUID id, @RestQuery @DefaultValue("0") @Min(0) int offset,
            @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return batches.results(id, offset, limit);
    }

    /** {@code progress} events, and a {@code result} event for each question as it ends, until the batch ends. */
    @GET
    @Path("{id}/events")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@RestPath UUID id, @Context Sse sse, @Context SecurityContext caller) {
        return streams.open(caller, batches.progress(id), first -> batches.events(id).map(event -> sse.newEventBuilder()
                .name(event.name())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(event.data())
                .build()));
    }

    /** Queues the batch's failed questions again (what they had stored is reused); answers the batch's progress. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{id}/retry")
    public Uni<BatchProgress> retry(@RestPath UUID id) {
        return batches.retry(id).chain(() -> batches.progress(id));
    }

    /** Cancels the questions not started yet. */
    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{id}")
    public Uni<BatchProgress> cancel(@RestPath UUID id) {
        return batches.cancel(id);
    }
}
