package io.ragfit.api;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.ragfit.corpus.JsonProblems;
import io.ragfit.corpus.TooBusyException;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.failure.RefusedException;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.retrieval.SearchBackendException;
import io.ragfit.store.DatabaseUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** One mapping per domain exception, each answering with an {@link ApiError}. */
class ErrorMappers {

    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    RestResponse<ApiError> unknownFormat(UnknownFormatException e) {
        return RestResponse.status(Status.BAD_REQUEST, new ApiError(e.getMessage(), "format", DatasetFormat.names()));
    }

    /** Every refusal of ragfit's own: the status of its family, and the reason. */
    @ServerExceptionMapper
    RestResponse<ApiError> refused(RefusedException e) {
        return error(Status.fromStatusCode(e.family().status()), e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> invalidRequest(InvalidRequestException e) {
        return error(Status.BAD_REQUEST, e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    RestResponse<ApiError> searchBackend(SearchBackendException e) {
        Log.warn(e.getMessage());
        return e.transientFailure() ? unavailable(e) : error(Status.BAD_GATEWAY, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> databaseUnavailable(DatabaseUnavailableException e) {
        Log.warn(e.getMessage());
        return unavailable(e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> endpointUnavailable(EndpointUnavailableException e) {
        return unavailable(e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> tooBusy(TooBusyException e) {
        return RestResponse.ResponseBuilder.create(Status.TOO_MANY_REQUESTS, ApiError.of(e.getMessage()))
                .type(MediaType.APPLICATION_JSON)
                .header("Retry-After", e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    RestResponse<ApiError> invalidValues(ConstraintViolationException e) {
        List<String> fields = e.getConstraintViolations().stream()
                .map(violation -> field(violation.getPropertyPath().toString())).sorted().toList();
        String violations = e.getConstraintViolations().stream()
                .map(violation -> field(violation.getPropertyPath().toString()) + ": " + violation.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return error(Status.BAD_REQUEST, violations.isEmpty() ? "invalid request" : violations,
                fields.isEmpty() ? null : fields.getFirst());
    }

    /** Malformed or mistyped JSON: where, never the Java types it was meant for. */
    @ServerExceptionMapper
    RestResponse<ApiError> unreadableJson(JsonProcessingException e) {
        return error(Status.BAD_REQUEST, "JSON body: " + JsonProblems.describe(e), JsonProblems.path(e));
    }

    /** Mistyped JSON: the same as any unreadable JSON (this type has a mapper of Quarkus' own otherwise). */
    @ServerExceptionMapper
    RestResponse<ApiError> mistypedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    /** An upload that breaks off or does not follow its own multipart framing is the client's doing. */
    @ServerExceptionMapper
    RestResponse<ApiError> unreadableBody(IOException e, HttpHeaders headers) {
        MediaType type = headers.getMediaType();
        if (type != null && type.getType().equals("multipart")) {
            return error(Status.BAD_REQUEST, "malformed multipart body (cut short, or parts not framed by its boundary)");
        }
        return unexpected(e);
    }

    /**
     * No identity where one is needed: the challenge of the path's authentication (a bearer token for the API; the
     * provider's login page for the dashboard and reports), with the usual body when it is a 401.
     */
    @ServerExceptionMapper
    Uni<RestResponse<ApiError>> unauthenticated(UnauthorizedException e, RoutingContext context) {
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null
                ? Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"))
                : authenticator.getChallenge(context);
        return challenge.map(data -> {
            RestResponse.ResponseBuilder<ApiError> response = RestResponse.ResponseBuilder.create(Status.fromStatusCode(data.status),
                    data.status == 401 ? ApiError.of(SecurityErrors.UNAUTHENTICATED) : null);
            if (data.status == 401) {
                response.type(MediaType.APPLICATION_JSON);
            }
            data.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
            return response.build();
        });
    }

    @ServerExceptionMapper
    RestResponse<ApiError> forbidden(ForbiddenException e) {
        return error(Status.FORBIDDEN, SecurityErrors.FORBIDDEN);
    }

    /** What JAX-RS itself refuses (unknown path, method, media type): its status, in the usual shape. */
    @ServerExceptionMapper
    RestResponse<ApiError> refusedByHttp(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getFamily() == Response.Status.Family.SERVER_ERROR) {
            Log.error("Request failed", e);
        }
        return error(status, status.getReasonPhrase() == null ? "HTTP " + status.getStatusCode() : status.getReasonPhrase());
    }

    /** Anything unforeseen: logged whole, answered without internals (class names, paths). */
    @ServerExceptionMapper
    RestResponse<ApiError> unexpected(Exception e) {
        Log.error("Request failed", e);
        return error(Status.INTERNAL_SERVER_ERROR, "internal error (logged on the server)");
    }

    private static String field(String propertyPath) {
        // "create.arg0.question" -> "question": the method and parameter are no business of the client
        String[] parts = propertyPath.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }

    /** A backend is out of reach for now: 503, and when to ask again. */
    private static RestResponse<ApiError> unavailable(RuntimeException e) {
        return RestResponse.ResponseBuilder.create(Status.SERVICE_UNAVAILABLE, ApiError.of(e.getMessage()))
                .type(MediaType.APPLICATION_JSON)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private static RestResponse<ApiError> error(Response.StatusType status, RuntimeException e) {
        return error(status, e.getMessage());
    }

    private static RestResponse<ApiError> error(Response.StatusType status, String message) {
        return error(status, message, null);
    }

    private static RestResponse<ApiError> error(Response.StatusType status, String message, String field) {
        // JSON whatever the endpoint produces (CSV, SVG, HTML): errors always have the same shape
        return RestResponse.ResponseBuilder.create(status, new ApiError(message, field, null))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
