package io.ragfit.judge;

import java.util.List;
import java.util.Map;

/** Mean and spread of a judge's scores. */
public final class SampleStatistics {

    private SampleStatistics() {
    }

    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The sample standard deviation (n - 1); 0 for a single value. */
    public static double standardDeviation(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = values.stream().mapToDouble(value -> (value - mean) * (value - mean)).sum();
        return Math.sqrt(squares / (values.size() - 1));
    }

    /** The standard deviation of a distribution over the scale. */
    public static double standardDeviation(Map<Integer, Double> distribution) {
        double mean = distribution.entrySet().stream().mapToDouble(entry -> entry.getKey() * entry.getValue()).sum();
        return Math.sqrt(distribution.entrySet().stream()
                .mapToDouble(entry -> entry.getValue() * (entry.getKey() - mean) * (entry.getKey() - mean))
                .sum());
    }
}
