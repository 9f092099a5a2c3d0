package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.ragfit.results.report.Charts;
import io.ragfit.results.report.ReportCsv;
import io.ragfit.results.report.RunReport;
import io.ragfit.results.report.RunReportService;
import io.smallrye.mutiny.Uni;

/** A run's report: an HTML page with tables and charts, the same as JSON, its tables as CSV, each chart as SVG. */
@Path("/runs/{run}/report")
@RolesAllowed(Roles.VIEWER)
public class ReportResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(RunReport report, List<Charts.Chart> charts);
    }

    private final RunReportService reports;

    ReportResource(RunReportService reports) {
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<String> html(@RestPath String run) {
        // rendered here, on the worker thread the report was computed on: drawing the charts takes CPU
        return reports.of(run).map(computed -> Templates.report(computed.report(), computed.charts()).render());
    }

    @GET
    @Path("json")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RunReport> json(@RestPath String run) {
        return reports.of(run).map(RunReportService.Computed::report);
    }

    /** {@code table}: aggregates (default), comparisons, or scores (one row per answer and metric). */
    @GET
    @Path("csv")
    @Produces("text/csv")
    public Uni<String> csv(@RestPath String run, @RestQuery @DefaultValue("aggregates") String table) {
        ReportCsv.Table chosen = switch (table) {
            case "aggregates" -> ReportCsv.Table.AGGREGATES;
            case "comparisons" -> ReportCsv.Table.COMPARISONS;
            case "scores" -> ReportCsv.Table.SCORES;
            default -> throw new InvalidRequestException("table is aggregates, comparisons or scores, not '" + table + "'");
        };
        return reports.of(run).map(computed -> ReportCsv.of(computed, chosen));
    }

    @GET
    @Path("charts/{chart}.svg")
    @Produces("image/svg+xml")
    public Uni<String> chart(@RestPath String run, @RestPath String chart) {
        return reports.of(run).map(computed -> computed.charts().stream()
                .filter(candidate -> candidate.id().equals(chart))
                .findFirst()
                .map(Charts.Chart::svg)
                .orElseThrow(() -> {
                    String message = "run " + run + " has no chart '" + chart + "'";
                    return new NotFoundException(message, Response.status(Response.Status.NOT_FOUND)
                            .type(MediaType.APPLICATION_JSON).entity(ApiError.of(message)).build());
                }));
    }
}
