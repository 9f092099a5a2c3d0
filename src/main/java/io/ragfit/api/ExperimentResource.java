package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
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

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.ragfit.experiment.ExperimentService;
import io.ragfit.experiment.ExperimentSpecReader;
import io.ragfit.experiment.ExperimentSummary;
import io.ragfit.experiment.ExperimentView;
import io.ragfit.experiment.FineTuningExport;
import io.ragfit.experiment.Splits;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ExperimentResource {

    static final String YAML = "application/yaml";

    private final ExperimentService experiments;
    private final FineTuningExport export;
    private final EventStreams streams;

    ExperimentResource(ExperimentService experiments, FineTuningExport export, EventStreams streams) {
        this.streams = streams;
        this.experiments = experiments;
        this.export = export;
    }

    /** Defines an experiment: checked, split and checked for leakage at once. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> createFromJson(@NotNull String body) {
        return created(experiments.create(ExperimentSpecReader.json(body)));
    }

    /** The same, written in YAML (as the files under {@code experiments/}). */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Consumes({ YAML, "text/yaml", "application/x-yaml" })
    public Uni<Response> createFromYaml(@NotNull String body) {
        return created(experiments.create(ExperimentSpecReader.yaml(body)));
    }

    private static Uni<Response> created(Uni<ExperimentView> creation) {
        return creation.map(created -> Response.created(URI.create("/experiments/" + created.id())).entity(created).build());
    }

    @GET
    public Uni<List<ExperimentView>> list() {
        return experiments.list();
    }

    @GET
    @Path("{experiment}")
    public Uni<ExperimentView> get(@RestPath String experiment) {
        return experiments.get(experiment);
    }

    /** The question ids of every split. */
    @GET
    @Path("{experiment}/splits")
    public Uni<Splits> splits(@RestPath String experiment) {
        return experiments.splits(experiment);
    }

    /** Starts the experiment, or resumes it; {@code force=true} runs it despite leakage. */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{experiment}/run")
    public Uni<Response> start(@RestPath String experiment, @RestQuery @DefaultValue("false") boolean force) {
        return experiments.start(experiment, force).map(started -> Response.accepted(started).build());
    }

    /** Stops its evaluation; starting it again resumes. */
    @RolesAllowed(Roles.ADMIN)
    @DELETE
    @Path("{experiment}/run")
    public Uni<ExperimentView> stop(@RestPath String experiment) {
        return experiments.stop(experiment);
    }

    /** The experiment now and at every interval, until it has completed, stopped or failed. */
    @GET
    @Path("{experiment}/events")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ExperimentView> events(@RestPath String experiment, @Context SecurityContext caller) {
        return streams.open(caller, experiments.get(experiment), first -> experiments.events(experiment));
    }

    /** Per variant, the mean of each metric so far. */
    @GET
    @Path("{experiment}/summary")
    public Uni<ExperimentSummary> summary(@RestPath String experiment) {
        return experiments.summary(experiment);
    }

    /** The fine-tuning sets as one zip archive. */
    @GET
    @Path("{experiment}/fine-tuning")
    @Produces("application/zip")
    public Uni<Response> fineTuningArchive(@RestPath String experiment) {
        return experiments.find(experiment).chain(found -> export.zip(found)
                .map(zip -> Response.ok(zip)
                        .header("Content-Disposition", "attachment; filename=\"" + found.name + "-fine-tuning.zip\"")
                        .build()));
    }

    public record ExportRequest(String directory) {
    }

    /** Writes the fine-tuning sets under the export root ({@code ragfit.experiment.export-root}). */
    @RolesAllowed(Roles.EVALUATOR)
    @POST
    @Path("{experiment}/fine-tuning")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, String>> fineTuningFolder(@RestPath String experiment, ExportRequest request) {
        return experiments.find(experiment).chain(found -> export.write(found, request == null ? null : request.directory()))
                .map(path -> Map.of("directory", path.toString()));
    }
}
