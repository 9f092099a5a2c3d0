package io.ragfit.results.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import io.ragfit.results.report.RunReport.AggregateRow;
import io.ragfit.results.report.RunReport.ComparisonRow;

/**
 * A run's charts as SVG (JFreeChart drawn on JFreeSVG): per dataset, grouped bars of each variant's mean per
 * metric with its 95% interval as error bars, like the paper's Figures 1-4; and per comparison, each
 * question's score from the base against the tuned variant's, for one metric per dataset.
 */
public final class Charts {

    /**
     * A chart, drawn when asked: a page draws them all, the SVG endpoint only the one it serves.
     *
     * @param id unique in the report, usable as a file name
     */
    public record Chart(String id, String title, Supplier<String> drawing) {

        public String svg() {
            return drawing.get();
        }
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 380;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    public static List<Chart> of(RunReport report, List<ReportData.Score> scores) {
        List<Chart> charts = new ArrayList<>();
        for (String dataset : report.datasets()) {
            for (String kind : List.of("GEVAL", "REFERENCE")) {
                List<AggregateRow> rows = report.aggregates().stream()
                        .filter(row -> row.dataset().equals(dataset) && row.kind().equals(kind)).toList();
                if (!rows.isEmpty()) {
                    String what = kind.equals("GEVAL") ? "G-Eval (1-5)" : "reference metrics";
                    charts.add(new Chart(id("bars", dataset, kind), dataset + ": " + what + ", mean and 95% CI",
                            () -> bars(rows, kind, report.label())));
                }
            }
        }
        Map<String, Map<String, Double>> byAnswer = new HashMap<>();
        scores.forEach(score -> byAnswer.computeIfAbsent(score.dataset() + "\u0000" + score.metric() + "\u0000" + score.variant(),
                key -> new TreeMap<>()).put(score.questionId(), score.value()));
        for (ComparisonRow comparison : primaryComparisons(report)) {
            String prefix = comparison.dataset() + "\u0000" + comparison.metric() + "\u0000";
            charts.add(new Chart(id("scatter", comparison.dataset(), comparison.metric() + "-" + comparison.variant()),
                    comparison.dataset() + ": " + comparison.metric() + " per question, " + comparison.base() + " vs "
                            + comparison.variant(),
                    () -> scatter(comparison, byAnswer.get(prefix + comparison.base()), byAnswer.get(prefix + comparison.variant()),
                            report.label())));
        }
        return charts;
    }

    /** Metrics a scatter plot is drawn for, by preference: graded ones, where per-question points spread out. */
    private static final List<String> SCATTER_METRICS = List.of("accuracy", "completeness", "token_f1", "semantic_similarity",
            "rouge_l");

    /** One metric per dataset for the scatter plots: the first of {@link #SCATTER_METRICS} compared, else any. */
    private static List<ComparisonRow> primaryComparisons(RunReport report) {
        Map<String, String> primary = new TreeMap<>();
        for (ComparisonRow row : report.comparisons()) {
            primary.merge(row.dataset(), row.metric(), (current, candidate) -> rank(candidate) < rank(current) ? candidate : current);
        }
        return report.comparisons().stream().filter(row -> row.metric().equals(primary.get(row.dataset()))).toList();
    }

    private static int rank(String metric) {
        int rank = SCATTER_METRICS.indexOf(metric);
        return rank < 0 ? SCATTER_METRICS.size() : rank;
    }

    private static String bars(List<AggregateRow> rows, String kind, String label) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        Map<String, double[]> intervals = new HashMap<>();
        for (AggregateRow row : rows) {
            dataset.addValue(row.mean(), row.variant(), row.metric());
            intervals.put(row.variant() + "\u0000" + row.metric(), new double[] { row.ciLow(), row.ciHigh() });
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, kind.equals("GEVAL") ? "score (1-5)" : "score",
                dataset, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        IntervalBars renderer = new IntervalBars(intervals);
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (kind.equals("GEVAL")) {
            plot.getRangeAxis().setRange(0, 5);
        } else {
            plot.getRangeAxis().setRange(0, 1);
        }
        return svg(chart, label);
    }

    private static String scatter(ComparisonRow comparison, Map<String, Double> base, Map<String, Double> tuned, String label) {
        XYSeries points = new XYSeries("questions");
        base.forEach((question, value) -> {
            Double other = tuned.get(question);
            if (other != null) {
                points.add(value, other);
            }
        });
        JFreeChart chart = ChartFactory.createScatterPlot(null, comparison.base(), comparison.variant(),
                new XYSeriesCollection(points), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(31, 119, 180, 140));
        double top = comparison.kind().equals("GEVAL") ? 5 : 1;
        double bottom = comparison.kind().equals("GEVAL") ? 1 : 0;
        plot.getDomainAxis().setRange(bottom - 0.05 * top, top * 1.05);
        plot.getRangeAxis().setRange(bottom - 0.05 * top, top * 1.05);
        plot.addAnnotation(new XYLineAnnotation(bottom, bottom, top, top, new BasicStroke(1f), Color.GRAY));
        return svg(chart, label);
    }

    /** The embedded-default label, when there is one, goes on the chart itself: a chart travels without its page. */
    private static String svg(JFreeChart chart, String label) {
        if (label != null) {
            TextTitle title = new TextTitle(label, new Font(Font.SANS_SERIF, Font.BOLD, 12));
            title.setPaint(new Color(150, 90, 0));
            chart.addSubtitle(title);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setElementHinting(true);
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
        return graphics.getSVGElement();
    }

    private static String id(String kind, String dataset, String what) {
        return (kind + "-" + dataset + "-" + what).toLowerCase().replaceAll("[^a-z0-9._-]+", "-");
    }

    /** Bars with an error bar from each item's interval, which need not be symmetric (bootstrap percentiles). */
    private static final class IntervalBars extends BarRenderer {

        private final transient Map<String, double[]> intervals;

        IntervalBars(Map<String, double[]> intervals) {
            this.intervals = intervals;
        }

        @Override
        public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
                CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
            super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            int visibleRow = state.getVisibleSeriesIndex(row);
            double[] interval = intervals.get(dataset.getRowKey(row) + "\u0000" + dataset.getColumnKey(column));
            if (visibleRow < 0 || interval == null) {
                return;
            }
            double x = calculateBarW0(plot, plot.getOrientation(), dataArea, domainAxis, state, visibleRow, column)
                    + state.getBarWidth() / 2;
            double low = rangeAxis.valueToJava2D(interval[0], dataArea, plot.getRangeAxisEdge());
            double high = rangeAxis.valueToJava2D(interval[1], dataArea, plot.getRangeAxisEdge());
            double cap = Math.min(6, state.getBarWidth() / 4);
            g2.setPaint(Color.BLACK);
            g2.setStroke(new BasicStroke(1.2f));
            g2.draw(new Line2D.Double(x, low, x, high));
            g2.draw(new Line2D.Double(x - cap, low, x + cap, low));
            g2.draw(new Line2D.Double(x - cap, high, x + cap, high));
        }
    }
}
