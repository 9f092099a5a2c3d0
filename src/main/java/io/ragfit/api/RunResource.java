package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.ragfit.evaluation.RunService;
import io.ragfit.evaluation.RunSpec;
import io.ragfit.evaluation.RunView;
import io.ragfit.pipeline.NoSuchQuestionException;
import io.ragfit.pipeline.QuestionResult;
import io.ragfit.pipeline.RunResults;
import io.ragfit.results.live.LiveService;
import io.ragfit.results.live.LiveState;
import io.smallrye.mutiny.Uni;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RunResource {

    private final RunService runs;
    private final RunResults results;
    private final LiveService live;

    RunResource(RunService runs, RunResults results, LiveService live) {
        this.live = live;
        this.runs = runs;
        this.results = results;
    }

    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull RunSpec spec) {
        return runs.create(spec).map(run -> Response.created(URI.create("/runs/" + run.id())).entity(RunView.of(run)).build());
    }

    @GET
    public Uni<List<RunView>> list() {
        return runs.list().map(all -> all.stream().map(RunView::of).toList());
    }

    /** A run by id or by name ({@code live} is the run of questions that name none). */
    @GET
    @Path("{run}")
    public Uni<RunView> get(@RestPath String run) {
        return runs.find(run).map(RunView::of);
    }

    /** The run's questions with their answers and scores, in the order they arrived, a page at a time. */
    @GET
    @Path("{run}/results")
    public Uni<List<QuestionResult>> results(@RestPath String run, @RestQuery @DefaultValue("0") @Min(0) int offset,
            @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return runs.find(run).chain(found -> results.page(found.id(), offset, limit));
    }

    /** The run's shadow comparison now: each candidate against production, each variant's rolling quality. */
    @GET
    @Path("{run}/live")
    public Uni<LiveState> live(@RestPath String run) {
        return runs.find(run).chain(live::state);
    }

    /** One question of the run with its answers and scores: 404 until the pipeline has received it. */
    @GET
    @Path("{run}/results/{question}")
    public Uni<QuestionResult> result(@RestPath String run, @RestPath String question) {
        return runs.find(run).chain(found -> results.question(found.id(), question)).map(found -> {
            if (found == null) {
                throw new NoSuchQuestionException(run, question);
            }
            return found;
        });
    }
}
