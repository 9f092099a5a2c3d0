package io.ragfit.api;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refusals decided before a request reaches a resource (a missing or invalid token, a role the path's policy
 * wants, a body over the size limit) answered in the same {@code {"error": ...}} shape as every other error.
 */
class SecurityErrors {

    static final String UNAUTHENTICATED = "authentication required: send a valid access token as Authorization: Bearer <token>";
    static final String FORBIDDEN = "your roles do not allow this request";
    static final String TOO_LARGE = "the request body is larger than this service accepts (quarkus.http.limits.max-body-size)";

    private final long maxBodySize;

    SecurityErrors(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        // Quarkus refuses a body announced too large with an empty 413; this answers first, in the usual shape (a
        // body that is not announced is cut off at the limit by Quarkus itself)
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                    && Long.parseLong(length) > maxBodySize) {
                context.response().putHeader("Connection", "close");
                end(context, 413, TOO_LARGE);
            } else {
                context.next();
            }
        });
    }

    private void answer(RoutingContext context) {
        Throwable failure = context.failure();
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            end(context, 401, UNAUTHENTICATED);
        } else if (failure instanceof ForbiddenException) {
            end(context, 403, FORBIDDEN);
        } else if (context.statusCode() == 413) {
            end(context, 413, TOO_LARGE);
        } else {
            context.next();
        }
    }

    private static void end(RoutingContext context, int status, String message) {
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
