package io.ragfit.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import io.ragfit.corpus.CorpusConflictException;
import io.ragfit.corpus.NoSuchCorpusException;
import io.ragfit.corpus.SourceResolver.NoSuchSourceException;
import io.ragfit.corpus.SourceResolver.SourceOutsideRootException;
import io.ragfit.corpus.format.DatasetFormat;
import io.ragfit.evaluation.InvalidRunException;
import io.ragfit.evaluation.NoSuchRunException;
import io.ragfit.experiment.InvalidExperimentException;
import io.ragfit.experiment.NoSuchExperimentException;
import io.ragfit.generation.NoSuchVariantException;
import io.ragfit.generation.VariantConflictException;
import io.ragfit.judge.UnknownCriterionException;
import io.ragfit.openai.EndpointUnavailableException;
import io.ragfit.pipeline.BatchRejectedException;
import io.ragfit.pipeline.NoSuchBatchException;
import io.ragfit.pipeline.NoSuchQuestionException;
import io.ragfit.retrieval.EmbeddingModelMismatchException;
import io.ragfit.retrieval.NoSuchCorpusIndexException;
import io.ragfit.retrieval.SearchBackendException;
import io.ragfit.store.DatabaseUnavailableException;

/** One mapping per domain exception, each answering with an {@link ApiError}. */
class ErrorMappers {

    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    RestResponse<ApiError> unknownFormat(UnknownFormatException e) {
        return RestResponse.status(Status.BAD_REQUEST, new ApiError(e.getMessage(), DatasetFormat.names()));
    }

    @ServerExceptionMapper
    RestResponse<ApiError> invalidRequest(InvalidRequestException e) {
        return error(Status.BAD_REQUEST, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchSource(NoSuchSourceException e) {
        return error(Status.BAD_REQUEST, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> outsideRoot(SourceOutsideRootException e) {
        return error(Status.FORBIDDEN, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchCorpus(NoSuchCorpusException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchIndex(NoSuchCorpusIndexException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> conflict(CorpusConflictException e) {
        return error(Status.CONFLICT, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> modelMismatch(EmbeddingModelMismatchException e) {
        return error(Status.CONFLICT, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> searchBackend(SearchBackendException e) {
        Log.warn(e.getMessage());
        return e.transientFailure() ? unavailable(e) : error(Status.BAD_GATEWAY, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchVariant(NoSuchVariantException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> variantConflict(VariantConflictException e) {
        return error(e.invalid() ? Status.BAD_REQUEST : Status.CONFLICT, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> unknownCriterion(UnknownCriterionException e) {
        return error(Status.BAD_REQUEST, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchRun(NoSuchRunException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> invalidRun(InvalidRunException e) {
        return error(e.conflict() ? Status.CONFLICT : Status.BAD_REQUEST, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchBatch(NoSuchBatchException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> noSuchQuestion(NoSuchQuestionException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> batchRejected(BatchRejectedException e) {
        return error(switch (e.reason()) {
            case INVALID -> Status.BAD_REQUEST;
            case TOO_LARGE -> Status.REQUEST_ENTITY_TOO_LARGE;
            case CONFLICT -> Status.CONFLICT;
        }, e);
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
    RestResponse<ApiError> noSuchExperiment(NoSuchExperimentException e) {
        return error(Status.NOT_FOUND, e);
    }

    @ServerExceptionMapper
    RestResponse<ApiError> invalidExperiment(InvalidExperimentException e) {
        return error(e.conflict() ? Status.CONFLICT : Status.BAD_REQUEST, e);
    }

    /** A backend is out of reach for now: 503, and when to ask again. */
    private static RestResponse<ApiError> unavailable(RuntimeException e) {
        return RestResponse.ResponseBuilder.create(Status.SERVICE_UNAVAILABLE, ApiError.of(e.getMessage()))
                .type(MediaType.APPLICATION_JSON)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    private static RestResponse<ApiError> error(Response.StatusType status, RuntimeException e) {
        // JSON whatever the endpoint produces (CSV, SVG, HTML): errors always have the same shape
        return RestResponse.ResponseBuilder.create(status, ApiError.of(e.getMessage())).type(MediaType.APPLICATION_JSON).build();
    }
}
