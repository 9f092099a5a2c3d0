package io.ragfit.results.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.ragfit.generation.VariantDefinition;
import io.ragfit.results.statistics.SignedRank;

/**
 * A run's results made comparable: per dataset, variant and metric the mean with its 95% bootstrap interval;
 * each fine-tuned variant against its base on the same questions; and how far the judge can be trusted.
 *
 * @param label set when the figures come from embedded defaults (built-in readers, reference metrics only)
 * @param progress questions per state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(RunMetadata run, String label, Map<String, Long> progress, List<String> datasets,
        List<AggregateRow> aggregates, List<ComparisonRow> comparisons, JudgeReliability reliability, Instant generatedAt) {

    /**
     * What the figures came from: enough to reproduce them.
     *
     * @param promptsHash SHA-256 (first 16 hex digits) of the hashes of every prompt the run sent, sorted
     * @param scoresHash the same of every score of the run: equal hashes, equal inputs to the statistics
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunMetadata(UUID id, String name, String kind, String corpus, Instant createdAt, List<VariantRow> variants,
            String judgeVariant, String judgeMode, List<String> criteria, List<ReportData.JudgeUse> judges,
            Integer retrievalK, String experiment, Long experimentSeed, long bootstrapSeed, int bootstrapResamples,
            String promptsHash, String scoresHash) {
    }

    /** @param adapter how it was fine-tuned: method, train size, training data id */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VariantRow(String name, VariantDefinition.Role role, String baseVariant, VariantDefinition.Kind kind, String model, String endpoint,
            Integer trainSize, String adapter, boolean builtin) {
    }

    /** @param builtin the variant is one of ragfit's built-in readers, not an LLM */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AggregateRow(String dataset, String variant, boolean builtin, String metric, String kind, int n, double mean,
            Double standardDeviation, double ciLow, double ciHigh) {
    }

    /** {@code variant} against {@code base}; deltas are {@code variant - base}; {@code builtin}: either is a built-in reader. */
    public record ComparisonRow(String dataset, String metric, String kind, String variant, String base, boolean builtin, int n,
            double meanDelta, double ciLow, double ciHigh, int wins, int ties, int losses, double statistic,
            double pValue, SignedRank.Method method, double pHolm) {

        public static final double ALPHA = 0.05;

        /** The difference holds at 5% after Holm's correction. */
        public boolean significant() {
            return pHolm < ALPHA;
        }
    }

    public record JudgeReliability(List<SpreadRow> spread, List<AgreementRow> modeAgreement, List<CorrelationRow> correlations) {
    }

    /** Spread of the repeats of one criterion's judgements. */
    public record SpreadRow(String criterion, int answers, double meanStandardDeviation, double shareWideSpread) {
    }

    public record AgreementRow(String metric, int answers, double meanAbsoluteDifference, double shareWithinHalfPoint,
            Double pearson) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CorrelationRow(String gevalMetric, String referenceMetric, int n, Double pearson, Double spearman) {
    }
}
