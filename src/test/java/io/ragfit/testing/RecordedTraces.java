package io.ragfit.testing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans the service ends, kept in the SDK's in-memory exporter for the traces a test asks for (every test
 * runs in one application: keeping every span of every test would only fill the heap).
 */
@ApplicationScoped
public class RecordedTraces {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();

    /** Keeps the spans of the trace from now on. */
    public void record(String traceId) {
        recorded.add(traceId);
    }

    /** The spans of the trace ended so far. */
    public List<SpanData> of(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Produces
    @Singleton
    SpanProcessor keeper() {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parent, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                if (recorded.contains(span.getSpanContext().getTraceId())) {
                    exporter.export(List.of(span.toSpanData()));
                }
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
    }
}
