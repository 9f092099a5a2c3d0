package io.ragfit.api;

import jakarta.annotation.security.RolesAllowed;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.ragfit.corpus.format.DatasetFormat;

/** The dataset layouts ingestion accepts. */
@Path("/formats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class FormatResource {

    public record Format(String name, String description) {
    }

    @GET
    public List<Format> list() {
        return Stream.concat(Arrays.stream(DatasetFormat.values())
                .map(format -> new Format(format.formatName(), format.description())),
                Stream.of(new Format(DatasetFormat.AUTO, "detected from the first records (by fields only one format"
                        + " has); the ingestion reports the format it chose"))).toList();
    }
}
