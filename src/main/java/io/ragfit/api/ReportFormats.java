package io.ragfit.api;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Numbers as the report and dashboard pages show them. */
@TemplateExtension
final class ReportFormats {

    private ReportFormats() {
    }

    /** {@code {value.fixed(3)}}: so many decimals. */
    static String fixed(Number value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value.doubleValue());
    }

    /** {@code {value.pValue}}: three decimals, or "< 0.001". */
    static String pValue(Number value) {
        return value.doubleValue() < 0.001 ? "< 0.001" : fixed(value, 3);
    }

    /** {@code {value.percent}}: a share as a percentage. */
    static String percent(Number value) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * value.doubleValue());
    }
}
