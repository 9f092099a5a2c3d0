package io.ragfit.judge;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a judge scores, on an integer scale.
 *
 * @param name as it appears in the form, e.g. {@code Accuracy}
 * @param anchors labels of some points of the scale, e.g. {@code 1 -> Poor Accuracy}
 * @param steps evaluation steps given in configuration, or null to have the judge model write them
 */
public record Criterion(String name, String definition, int min, int max, Map<Integer, String> anchors, String steps) {

    public Criterion {
        if (min >= max) {
            throw new IllegalArgumentException("criterion " + name + ": min must be below max");
        }
        anchors = Map.copyOf(anchors);
    }

    /** Accuracy as Barnett et al. (2024) define it. */
    public static final Criterion ACCURACY = new Criterion("Accuracy",
            "Does the answer address the question? It should be relevant, supported by sufficient evidence from the"
                    + " context, and contain no irrelevant or misleading information.",
            1, 5, Map.of(1, "Poor Accuracy", 5, "Excellent Accuracy"), null);

    /** Completeness as Barnett et al. (2024) define it. */
    public static final Criterion COMPLETENESS = new Criterion("Completeness",
            "How far does the answer cover the topics and details the question poses?",
            1, 5, Map.of(1, "Incomplete or Irrelevant", 5, "Complete and Comprehensive"), null);

    /** The criterion's key in requests and results: its name in lower case. */
    public String key() {
        return name.toLowerCase(java.util.Locale.ROOT);
    }

    /** The scale as the prompts state it: {@code Accuracy (1-5): ... 1 = Poor Accuracy, 5 = Excellent Accuracy}. */
    public String describe() {
        StringBuilder text = new StringBuilder(name).append(" (").append(min).append('-').append(max).append("): ")
                .append(definition);
        if (!anchors.isEmpty()) {
            text.append(" Scale:");
            new TreeMap<>(anchors).forEach((point, label) -> text.append(' ').append(point).append(" = ").append(label).append(';'));
            text.setLength(text.length() - 1);
            text.append('.');
        }
        return text.toString();
    }
}
