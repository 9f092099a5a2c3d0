package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.ragfit.evaluation.QuestionRecord.State;
import io.ragfit.evaluation.Run;
import io.ragfit.evaluation.RunService;
import io.ragfit.results.ResultQueries;
import io.smallrye.mutiny.Uni;

/** Every run with its progress: a page that follows them live, and the JSON it polls. */
@Path("/dashboard")
@RolesAllowed(Roles.VIEWER)
public class DashboardResource {

    /**
     * A run and how many of its questions are in each state.
     *
     * @param production the production variant of a shadow comparison (its live state at /runs/{id}/live); null
     *            for other runs
     */
    public record RunProgress(UUID id, String name, Run.Kind kind, String corpus, List<String> variants, Instant createdAt,
            long total, long ended, Map<State, Long> states, String production) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard();
    }

    private final RunService runs;
    private final ResultQueries queries;

    DashboardResource(RunService runs, ResultQueries queries) {
        this.runs = runs;
        this.queries = queries;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return Templates.dashboard();
    }

    /** The page's script, served apart: the Content-Security-Policy allows no inline script. */
    @GET
    @Path("dashboard.js")
    @Produces("text/javascript")
    public InputStream script() {
        return DashboardResource.class.getResourceAsStream("/dashboard/dashboard.js");
    }

    /** Newest first. */
    @GET
    @Path("runs")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<RunProgress>> runs() {
        return runs.list().chain(all -> queries.statesByRun().map(states -> all.stream()
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .map(run -> {
                    Map<State, Long> counts = states.getOrDefault(run.id(), Map.of());
                    long total = counts.values().stream().mapToLong(Long::longValue).sum();
                    long ended = counts.entrySet().stream().filter(entry -> entry.getKey().terminal())
                            .mapToLong(Map.Entry::getValue).sum();
                    return new RunProgress(run.id(), run.name(), run.kind(), run.corpus(), run.variantNames(), run.createdAt(), total, ended,
                            counts, run.shadow() == null ? null : run.shadow().production());
                })
                .toList()));
    }
}
