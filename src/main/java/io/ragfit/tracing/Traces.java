package io.ragfit.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * ragfit's spans. The steps of one question run on many threads, several at once, and may wait out an outage
 * between them, so a span's context does not travel with a thread: it travels with the Mutiny subscription that
 * does the span's work, and each span's work is subscribed to on its own, so that spans side by side (one per
 * variant) never see each other's. Outside a traced subscription (an API request) a span's parent is the
 * current context, the request's.
 */
@ApplicationScoped
public class Traces {

    /** The key of the trace context in a Mutiny subscription's context. */
    private static final String CONTEXT = "ragfit.trace";
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public Traces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Does {@code work} in a span under {@code parent}: a new trace when the parent holds none. */
    public <T> Uni<T> span(String name, SpanKind kind, Context parent, Attributes attributes,
            Function<Context, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = start(name, kind, parent, attributes);
            Context context = parent.with(span);
            return within(context, work.apply(context))
                    .onItemOrFailure().invoke((item, failure) -> end(span, failure))
                    .onCancellation().invoke(() -> {
                        span.setAttribute("ragfit.cancelled", true);
                        span.end();
                    });
        });
    }

    /** Does {@code work} in a span under the span whose work subscribed to it (or the current context). */
    public <T> Uni<T> span(String name, SpanKind kind, Attributes attributes, Function<Context, Uni<T>> work) {
        return Uni.createFrom().context(subscription -> span(name, kind,
                subscription.getOrElse(CONTEXT, Context::current), attributes, work));
    }

    /** Starts a span under {@code parent} for work that is not a Uni; the caller ends it ({@link #end}). */
    public Span start(String name, SpanKind kind, Context parent, Attributes attributes) {
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).setAllAttributes(attributes).startSpan();
    }

    /** Ends a span, marked as failed when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            span.setAttribute("error.type", failure.getClass().getName());
        }
        span.end();
    }

    /** The trace context the subscription runs in: its span's, or the current one outside a traced subscription. */
    public static Uni<Context> current() {
        return Uni.createFrom().context(subscription -> Uni.createFrom().item(
                subscription.<Context>getOrElse(CONTEXT, Context::current)));
    }

    /** The W3C {@code traceparent} of the context's span, or null when it has none. */
    public static String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a W3C {@code traceparent} names; the root context (a new trace) when it is null or invalid. */
    public static Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent), FROM_MAP);
    }

    /** The trace id of the context's span, for logs. */
    public static String traceId(Context context) {
        return Span.fromContext(context).getSpanContext().getTraceId();
    }

    /** Subscribes to {@code work} apart, with the span's context as its own. */
    private static <T> Uni<T> within(Context context, Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> {
            Cancellable subscription = work.subscribe().with(io.smallrye.mutiny.Context.of(CONTEXT, context),
                    emitter::complete, emitter::fail);
            emitter.onTermination(subscription::cancel);
        });
    }
}
