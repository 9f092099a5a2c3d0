package io.ragfit.tracing;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of ragfit's spans: OpenTelemetry's semantic conventions where one fits (database, messaging,
 * GenAI), {@code ragfit.*} for the rest. Ids, names, counts and statuses only: never a question, a context, a
 * prompt or an answer.
 */
public final class SpanAttributes {

    public static final AttributeKey<String> RUN = AttributeKey.stringKey("ragfit.run.id");
    public static final AttributeKey<String> QUESTION = AttributeKey.stringKey("ragfit.question.id");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("ragfit.question.attempt");
    public static final AttributeKey<String> STATE = AttributeKey.stringKey("ragfit.question.state");
    public static final AttributeKey<String> BATCH = AttributeKey.stringKey("ragfit.batch.id");
    public static final AttributeKey<String> VARIANT = AttributeKey.stringKey("ragfit.variant");
    public static final AttributeKey<String> ANSWER_STATUS = AttributeKey.stringKey("ragfit.answer.status");
    public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("ragfit.attempts");
    public static final AttributeKey<String> CORPUS = AttributeKey.stringKey("ragfit.corpus");
    public static final AttributeKey<Long> K = AttributeKey.longKey("ragfit.retrieval.k");
    public static final AttributeKey<Long> RETRIEVED = AttributeKey.longKey("ragfit.retrieval.chunks");
    public static final AttributeKey<String> EMBEDDING_MODEL = AttributeKey.stringKey("ragfit.embedding.model");

    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    public static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");
    public static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");

    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.name");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");

    public static final AttributeKey<String> GEN_AI_OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    public static final AttributeKey<String> GEN_AI_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    private SpanAttributes() {
    }
}
