package io.ragfit.results.report;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A report's tables as CSV (RFC 4180: a header, comma-separated, fields with commas or quotes quoted). */
public final class ReportCsv {

    /** A plain number, whose sign is its own and no formula. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

    public enum Table {
        AGGREGATES, COMPARISONS, SCORES
    }

    private ReportCsv() {
    }

    public static String of(RunReportService.Computed computed, Table table) {
        RunReport report = computed.report();
        return switch (table) {
            case AGGREGATES -> csv(List.of("dataset", "variant", "builtin", "metric", "kind", "n", "mean", "sd", "ci_low", "ci_high"),
                    report.aggregates(), row -> List.of(row.dataset(), row.variant(), row.builtin(), row.metric(), row.kind(), row.n(),
                            row.mean(), row.standardDeviation() == null ? "" : row.standardDeviation(), row.ciLow(), row.ciHigh()));
            case COMPARISONS -> csv(List.of("dataset", "metric", "kind", "variant", "base", "builtin", "n", "mean_delta", "ci_low",
                    "ci_high", "wins", "ties", "losses", "w_plus", "p_value", "method", "p_holm"),
                    report.comparisons(), row -> List.of(row.dataset(), row.metric(), row.kind(), row.variant(), row.base(),
                            row.builtin(), row.n(), row.meanDelta(), row.ciLow(), row.ciHigh(), row.wins(), row.ties(), row.losses(),
                            row.statistic(), row.pValue(), row.method().toString().toLowerCase(Locale.ROOT), row.pHolm()));
            case SCORES -> {
                Set<String> builtin = report.run().variants().stream().filter(RunReport.VariantRow::builtin)
                        .map(RunReport.VariantRow::name).collect(Collectors.toSet());
                yield csv(List.of("dataset", "question_id", "variant", "builtin", "metric", "kind", "value"), computed.scores(),
                        row -> List.of(row.dataset(), row.questionId(), row.variant(), builtin.contains(row.variant()),
                                row.metric(), row.kind(), row.value()));
            }
        };
    }

    private static <T> String csv(List<String> header, List<T> rows, Function<T, List<Object>> fields) {
        StringBuilder csv = new StringBuilder(String.join(",", header)).append("\r\n");
        for (T row : rows) {
            List<Object> values = fields.apply(row);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(field(values.get(i)));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    private static String field(Object value) {
        String text = neutralised(String.valueOf(value));
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    /**
     * A cell a spreadsheet would read as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab, carriage
     * return first) starts with an apostrophe instead, as OWASP advises; numbers keep their sign.
     */
    public static String neutralised(String text) {
        if (text.isEmpty() || "=+-@\t\r".indexOf(text.charAt(0)) < 0 || NUMBER.matcher(text).matches()) {
            return text;
        }
        return "'" + text;
    }

}
