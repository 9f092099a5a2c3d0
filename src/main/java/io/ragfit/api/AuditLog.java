package io.ragfit.api;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.logging.Log;
import io.ragfit.store.Database;
import io.ragfit.store.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/** The audit table: every request that changes or deletes something is recorded before it is answered. */
@ApplicationScoped
class AuditLog {

    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Database database;

    AuditLog(Database database) {
        this.database = database;
    }

    @ServerResponseFilter
    Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response) {
        if (!CHANGES.contains(request.getMethod())) {
            return Uni.createFrom().voidItem();
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        String path = request.getUriInfo().getRequestUri().getRawPath();
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        return database.query("INSERT INTO audit (actor, method, path, status) VALUES ($1, $2, $3, $4)",
                Tuple.of(user == null ? "anonymous" : truncate(user.getName(), 255), request.getMethod(),
                        truncate(query == null ? path : path + "?" + query, 2048), response.getStatus()))
                .replaceWithVoid()
                // the request has been carried out: an audit row lost to an outage must not make it look failed
                .onFailure().invoke(failure -> Log.warnf("Audit row not written (%s %s by %s): %s", request.getMethod(), path,
                        user == null ? "anonymous" : user.getName(), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<List<AuditEntry>> recent(int offset, int limit) {
        return database.query("SELECT id, at, actor, method, path, status FROM audit ORDER BY id DESC OFFSET $1 LIMIT $2",
                Tuple.of(offset, limit))
                .map(rows -> Rows.list(rows, row -> new AuditEntry(row.getLong("id"), row.getOffsetDateTime("at"),
                        row.getString("actor"), row.getString("method"), row.getString("path"), row.getInteger("status"))));
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
