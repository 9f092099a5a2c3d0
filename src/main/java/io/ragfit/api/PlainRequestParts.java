package io.ragfit.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.ragfit.corpus.PlainText;

/**
 * Ids, names and query values with control characters are refused before any resource sees them (a NUL would
 * otherwise reach PostgreSQL, which cannot store it).
 */
class PlainRequestParts {

    @ServerRequestFilter(preMatching = true)
    Response refuseControlCharacters(ContainerRequestContext request) {
        if (!plain(request.getUriInfo().getPathSegments().stream().map(segment -> segment.getPath()).toList())
                || !plainValues(request.getUriInfo().getQueryParameters())) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(ApiError.of("control characters are not accepted in paths or query parameters")).build();
        }
        return null;
    }

    private static boolean plainValues(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream()
                .allMatch(parameter -> PlainText.isPlainName(parameter.getKey()) && plain(parameter.getValue()));
    }

    private static boolean plain(List<String> values) {
        return values.stream().allMatch(PlainText::isPlainName);
    }
}
