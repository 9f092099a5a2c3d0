package io.ragfit.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Benchmark figures: percentiles, and the closing line of JSON every benchmark prints. */
final class Figures {

    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The nearest-rank percentile of durations in nanoseconds, in milliseconds. */
    static double percentileMillis(long[] nanos, double percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    Figures put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    String json() {
        try {
            return BenchHttp.JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
