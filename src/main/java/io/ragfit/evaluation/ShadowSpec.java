package io.ragfit.evaluation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.corpus.JsonProblems;
import io.ragfit.judge.Criterion;
import io.ragfit.judge.ReferenceMetrics;

/**
 * A live run in shadow mode: every sampled question is answered by the production variant and by each candidate
 * (the run's other variants) from the same retrieved context, and each candidate is compared with production
 * by a confidence sequence that may be looked at any time. ragfit only evaluates: it serves no answer.
 *
 * @param production the variant serving users today
 * @param sampleRate share of the run's live questions evaluated, chosen by a hash of the question id (so every
 *            instance takes the same ones); 1 when left out
 * @param sampleBy a metadata field whose value picks the share in {@code sampleRates} (a product, a tenant)
 * @param sampleRates share per value of {@code sampleBy}; values not listed take {@code sampleRate}
 * @param alpha the error level of every decision: the chance that a comparison ever calls a candidate better or
 *            worse when it is not; 0.05 when left out
 * @param window questions in the rolling estimate of each variant's quality (drift); 200 when left out
 * @param thresholds per metric, the level under which a variant's rolling estimate raises a drift alert
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowSpec(
        @NotBlank String production,
        @DecimalMin("0") @DecimalMax("1") Double sampleRate,
        @Size(min = 1, max = 64) String sampleBy,
        @Size(max = 1000) Map<@NotBlank String, @NotNull @DecimalMin("0") @DecimalMax("1") Double> sampleRates,
        @DecimalMin("0.0001") @DecimalMax("0.5") Double alpha,
        @Min(10) @Max(10000) Integer window,
        @Size(max = 100) Map<@NotBlank String, @NotNull Double> thresholds) {

    public static final double ALPHA = 0.05;
    public static final int WINDOW = 200;

    /** Where a metric's values lie: a G-Eval criterion between its min and max, a reference metric in [0, 1]. */
    public record Scale(double low, double high) {

        public double width() {
            return high - low;
        }

        /** A value as a share of the scale, clamped (a cosine similarity may dip below 0). */
        public double unit(double value) {
            return Math.clamp((value - low) / width(), 0.0, 1.0);
        }

        boolean holds(double value) {
            return value >= low && value <= high;
        }
    }

    /** The scales of the metrics a run scores: its criteria (when it has a judge) and every reference metric. */
    public static Map<String, Scale> scales(List<Criterion> criteria) {
        Map<String, Scale> scales = new LinkedHashMap<>();
        criteria.forEach(criterion -> scales.put(criterion.key(), new Scale(criterion.min(), criterion.max())));
        ReferenceMetrics.NAMES.forEach(metric -> scales.put(metric, new Scale(0, 1)));
        return scales;
    }

    /** Refuses a field this definition does not have: a misspelt one would otherwise be dropped in silence. */
    @JsonAnySetter
    void unknown(String field, Object value) {
        throw new JsonProblems.Refusal("has no field \"" + field + "\"; its fields: production, sampleRate, sampleBy,"
                + " sampleRates, alpha, window, thresholds");
    }

    /** This definition with its defaults filled in, checked against the run's variants and the metrics it scores. */
    ShadowSpec complete(List<String> variants, Map<String, Scale> scales) {
        if (!variants.contains(production)) {
            throw new InvalidRunException("shadow.production '" + production + "' is not one of the run's variants "
                    + variants, false);
        }
        if (variants.size() < 2) {
            throw new InvalidRunException("a shadow comparison needs a candidate: name at least one variant besides"
                    + " production '" + production + "'", false);
        }
        if (sampleRates != null && !sampleRates.isEmpty() && sampleBy == null) {
            throw new InvalidRunException("shadow.sampleRates needs shadow.sampleBy: the metadata field whose values"
                    + " they are for", false);
        }
        if (sampleBy != null && (sampleRates == null || sampleRates.isEmpty())) {
            throw new InvalidRunException("shadow.sampleBy needs shadow.sampleRates: the share for each value of '"
                    + sampleBy + "'", false);
        }
        double rate = Objects.requireNonNullElse(sampleRate, 1.0);
        if (!(rate >= 0 && rate <= 1)) {
            throw new InvalidRunException("shadow.sampleRate is a share between 0 and 1, not " + rate, false);
        }
        if (rate == 0 && (sampleRates == null || sampleRates.values().stream().allMatch(share -> share == 0))) {
            throw new InvalidRunException("shadow.sampleRate 0 with no sampleRates above 0 evaluates no question", false);
        }
        List<String> unknown = thresholds == null ? List.of()
                : thresholds.keySet().stream().filter(metric -> !scales.containsKey(metric)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRunException("shadow.thresholds names " + unknown + ": the run scores only "
                    + scales.keySet(), false);
        }
        if (thresholds != null) {
            thresholds.forEach((metric, threshold) -> {
                Scale scale = scales.get(metric);
                if (!scale.holds(threshold)) {
                    throw new InvalidRunException("shadow.thresholds." + metric + " is " + threshold + ", outside the"
                            + " metric's scale " + scale.low() + " to " + scale.high(), false);
                }
            });
        }
        return new ShadowSpec(production, rate, sampleBy,
                sampleRates == null ? Map.of() : Map.copyOf(sampleRates), Objects.requireNonNullElse(alpha, ALPHA),
                Objects.requireNonNullElse(window, WINDOW), thresholds == null ? Map.of() : Map.copyOf(thresholds));
    }

    /** The variants compared with production, in the run's order. */
    public List<String> candidates(List<String> variants) {
        return variants.stream().filter(name -> !name.equals(production)).toList();
    }

    /** Whether a live question is evaluated: the same answer on every instance, every time it is asked. */
    public boolean samples(String questionId, Map<String, String> metadata) {
        double rate = sampleRate;
        if (sampleBy != null && metadata != null && metadata.get(sampleBy) != null) {
            rate = sampleRates.getOrDefault(metadata.get(sampleBy), sampleRate);
        }
        return position(questionId) < rate;
    }

    /** Where a question id falls in [0, 1): the first 53 bits of its SHA-256. */
    static double position(String questionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(questionId.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
