package io.ragfit.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    /** The changes and deletions asked of ragfit, newest first. */
    @GET
    public Uni<List<AuditEntry>> recent(@RestQuery @DefaultValue("0") @Min(0) int offset,
            @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return log.recent(offset, limit);
    }
}
