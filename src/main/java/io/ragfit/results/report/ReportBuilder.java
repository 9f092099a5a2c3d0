package io.ragfit.results.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ragfit.generation.VariantDefinition;
import io.ragfit.generation.VariantView;
import io.ragfit.results.report.ReportData.Score;
import io.ragfit.results.report.RunReport.AggregateRow;
import io.ragfit.results.report.RunReport.ComparisonRow;
import io.ragfit.results.report.RunReport.RunMetadata;
import io.ragfit.results.report.RunReport.VariantRow;
import io.ragfit.results.statistics.Aggregate;
import io.ragfit.results.statistics.Holm;
import io.ragfit.results.statistics.PairedComparison;
import io.ragfit.results.statistics.Reliability;

/** Turns a run's scores into its report: pure, so the same data and seed always give the same report. */
public final class ReportBuilder {

    public static final String BUILTIN_LABEL = "Embedded defaults: answers from ragfit's built-in readers (extractive,"
            + " and tuned by a learned sentence ranker), not from LLMs";
    public static final String REFERENCE_ONLY_LABEL = "reference metrics only: no judge was configured, so no G-Eval scores";

    private ReportBuilder() {
    }

    public static RunReport build(ReportData data, int resamples, long seed) {
        List<String> order = data.run().variants();
        Map<String, Map<String, Map<String, Map<String, Double>>>> byDataset = new TreeMap<>();
        Map<String, String> kindOf = new TreeMap<>();
        for (Score score : data.scores()) {
            kindOf.put(score.metric(), score.kind());
            byDataset.computeIfAbsent(score.dataset(), dataset -> new TreeMap<>())
                    .computeIfAbsent(score.metric(), metric -> new LinkedHashMap<>())
                    .computeIfAbsent(score.variant(), variant -> new TreeMap<>())
                    .put(score.questionId(), score.value());
        }
        List<AggregateRow> aggregates = new ArrayList<>();
        List<PendingComparison> pending = new ArrayList<>();
        byDataset.forEach((dataset, metrics) -> metrics.forEach((metric, variants) -> {
            for (String variant : order) {
                Map<String, Double> values = variants.get(variant);
                if (values == null) {
                    continue;
                }
                Aggregate aggregate = Aggregate.of(values.values().stream().mapToDouble(Double::doubleValue).toArray(),
                        resamples, seed(seed, dataset, variant, metric));
                aggregates.add(new AggregateRow(dataset, variant, builtin(data, variant), metric, kindOf.get(metric), aggregate.n(),
                        aggregate.mean(),
                        aggregate.standardDeviation(), aggregate.ciLow(), aggregate.ciHigh()));
                String base = baseOf(data, variant);
                if (base != null && variants.containsKey(base) && shareQuestions(variants.get(base), values)) {
                    pending.add(new PendingComparison(dataset, metric, kindOf.get(metric), variant, base, PairedComparison.of(
                            variants.get(base), values, resamples, seed(seed, dataset, variant + "-" + base, metric))));
                }
            }
        }));
        double[] adjusted = Holm.adjust(pending.stream().mapToDouble(comparison -> comparison.result().pValue()).toArray());
        List<ComparisonRow> comparisons = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            PendingComparison comparison = pending.get(i);
            PairedComparison result = comparison.result();
            comparisons.add(new ComparisonRow(comparison.dataset(), comparison.metric(), comparison.kind(), comparison.variant(),
                    comparison.base(), builtin(data, comparison.variant()) || builtin(data, comparison.base()), result.n(), result.meanDelta(), result.ciLow(), result.ciHigh(), result.wins(),
                    result.ties(), result.losses(), result.statistic(), result.pValue(), result.method(), adjusted[i]));
        }
        return new RunReport(metadata(data, resamples, seed), label(data), data.states(), List.copyOf(byDataset.keySet()),
                aggregates, comparisons, reliability(data), data.generatedAt());
    }

    /** Where the report says it comes from embedded defaults, and what that means. */
    static String label(ReportData data) {
        List<String> labels = new ArrayList<>();
        if (data.run().variants().stream().anyMatch(variant -> builtin(data, variant))) {
            labels.add(BUILTIN_LABEL);
        }
        if (data.scores().stream().noneMatch(score -> score.kind().equals("GEVAL"))) {
            labels.add(REFERENCE_ONLY_LABEL);
        }
        return labels.isEmpty() ? null : String.join("; ", labels);
    }

    static boolean builtin(ReportData data, String variant) {
        VariantView view = data.variants().get(variant);
        return view != null && view.builtin();
    }

    private static String baseOf(ReportData data, String variant) {
        VariantView view = data.variants().get(variant);
        return view != null && view.role() == VariantDefinition.Role.FINE_TUNED ? view.baseVariant() : null;
    }

    private static boolean shareQuestions(Map<String, Double> base, Map<String, Double> tuned) {
        return base.keySet().stream().anyMatch(tuned::containsKey);
    }

    private static long seed(long seed, String dataset, String variant, String metric) {
        return seed * 31 + Objects.hash(dataset, variant, metric);
    }

    private static RunMetadata metadata(ReportData data, int resamples, long seed) {
        List<VariantRow> variants = data.run().variants().stream().map(name -> {
            VariantView view = data.variants().get(name);
            if (view == null) {
                return new VariantRow(name, null, null, null, null, null, null, null, false);
            }
            VariantDefinition.FineTuning tuning = view.fineTuning();
            String adapter = tuning == null ? null : adapter(tuning);
            return new VariantRow(name, view.role(), view.baseVariant(), view.kind(), view.model(),
                    view.endpoint() == null ? null : view.endpoint().toString(), tuning == null ? null : tuning.trainSize(),
                    adapter, view.builtin());
        }).toList();
        var run = data.run();
        return new RunMetadata(run.id(), run.name(), run.kind().toString(), run.corpus(), run.createdAt(), variants,
                run.judgeVariant(), run.judgeMode() == null ? null : run.judgeMode().toString(), run.criteria(), data.judges(),
                run.retrievalK(), data.experiment() == null ? null : data.experiment().name(),
                data.experiment() == null ? null : data.experiment().seed(), seed, resamples, hash(data.promptHashes().stream()),
                hash(data.scores().stream().map(score -> String.join("\t", score.dataset(), score.questionId(),
                        score.variant(), score.metric(), Double.toString(score.value())))));
    }

    /** How a variant was fine-tuned, as far as its registration says: "LoRA r16 a32, 3 epochs, 200 examples (nq-train-200)". */
    static String adapter(VariantDefinition.FineTuning tuning) {
        StringBuilder text = new StringBuilder(tuning.method());
        if (tuning.loraRank() != null) {
            text.append(" r").append(tuning.loraRank());
        }
        if (tuning.loraAlpha() != null) {
            text.append(" a").append(tuning.loraAlpha());
        }
        if (tuning.epochs() != null) {
            text.append(", ").append(tuning.epochs()).append(" epochs");
        }
        if (tuning.trainSize() != null) {
            text.append(", ").append(tuning.trainSize()).append(" examples");
        }
        if (tuning.trainingDataId() != null) {
            text.append(" (").append(tuning.trainingDataId()).append(')');
        }
        return text.toString();
    }

    private static RunReport.JudgeReliability reliability(ReportData data) {
        Map<String, Map<String, List<Double>>> repeats = new TreeMap<>();
        for (ReportData.Sample sample : data.samples()) {
            repeats.computeIfAbsent(sample.criterion(), criterion -> new TreeMap<>())
                    .computeIfAbsent(sample.questionId() + "\u0000" + sample.variant(), answer -> new ArrayList<>())
                    .add(sample.score());
        }
        List<RunReport.SpreadRow> spread = new ArrayList<>();
        repeats.forEach((criterion, answers) -> {
            Reliability.Spread result = Reliability.spread(answers.values().stream()
                    .map(scores -> scores.stream().mapToDouble(Double::doubleValue).toArray()).toList());
            if (result.answers() > 0) {
                spread.add(new RunReport.SpreadRow(criterion, result.answers(), result.meanStandardDeviation(),
                        result.shareWideSpread()));
            }
        });
        List<RunReport.AgreementRow> agreement = new ArrayList<>();
        data.modePairs().stream().collect(Collectors.groupingBy(ReportData.ModePair::metric, TreeMap::new, Collectors.toList()))
                .forEach((metric, pairs) -> {
                    Reliability.Agreement result = Reliability.agreement(
                            pairs.stream().mapToDouble(ReportData.ModePair::repeat).toArray(),
                            pairs.stream().mapToDouble(ReportData.ModePair::logprobs).toArray());
                    agreement.add(new RunReport.AgreementRow(metric, result.answers(), result.meanAbsoluteDifference(),
                            result.shareWithinHalfPoint(), result.pearson()));
                });
        return new RunReport.JudgeReliability(spread, agreement, correlations(data.scores()));
    }

    /** Each G-Eval metric against each reference metric, over the answers that have both. */
    private static List<RunReport.CorrelationRow> correlations(List<Score> scores) {
        Map<String, Map<String, Double>> geval = new TreeMap<>();
        Map<String, Map<String, Double>> reference = new TreeMap<>();
        for (Score score : scores) {
            Map<String, Map<String, Double>> side = score.kind().equals("GEVAL") ? geval : reference;
            side.computeIfAbsent(score.metric(), metric -> new TreeMap<>())
                    .put(score.dataset() + "\u0000" + score.questionId() + "\u0000" + score.variant(), score.value());
        }
        List<RunReport.CorrelationRow> rows = new ArrayList<>();
        geval.forEach((gevalMetric, judged) -> reference.forEach((referenceMetric, measured) -> {
            TreeSet<String> both = new TreeSet<>(judged.keySet());
            both.retainAll(measured.keySet());
            if (both.isEmpty()) {
                return;
            }
            Reliability.Correlation result = Reliability.correlation(both.stream().mapToDouble(judged::get).toArray(),
                    both.stream().mapToDouble(measured::get).toArray());
            rows.add(new RunReport.CorrelationRow(gevalMetric, referenceMetric, result.n(), result.pearson(), result.spearman()));
        }));
        return rows;
    }

    /** First 16 hex digits of the SHA-256 of the lines, sorted. */
    static String hash(Stream<String> lines) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            lines.sorted(Comparator.naturalOrder())
                    .forEach(line -> digest.update((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record PendingComparison(String dataset, String metric, String kind, String variant, String base,
            PairedComparison result) {
    }
}
