package io.github.maillog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the HTML report's charts: numbers in, SVG shapes out (positions as text, one
 * decimal). Three layouts: columns stacked bottom-up (traffic per hour), rows of bars stacked left
 * to right (submitters and their factors, delays per domain, brute-force sources), and a timeline
 * of dots in lanes. The template {@code html/chart.mustache} draws a {@link Chart}; this class
 * knows nothing of HTML: labels from the log are made visible and cut by {@link Table#cell(Object,
 * int)} here (tooltips given by the caller must be so already), and the template escapes them.
 *
 * <pre>{@code
 * Chart c = Charts.columns("hours", "Traffic per hour", "…", List.of("00", "01"),
 *         List.of(new Charts.Series("delivered", "c0")), new double[][] {{3}, {5}}, null);
 * }</pre>
 */
final class Charts {

    /** Width of every chart's view box. */
    static final int WIDTH = 720;
    /** Height of a column chart's plot area. */
    static final int PLOT_HEIGHT = 180;
    /** Height of one bar in a row chart, and of one lane in a timeline. */
    static final int ROW = 18;
    /** Space between rows. */
    static final int GAP = 6;
    /** Where a row chart's bars begin: room for the labels on their left. */
    static final int LABEL_WIDTH = 220;
    /** Room on the right for the value written after a bar. */
    static final int RIGHT = 64;
    /** Room on the left of a column chart for the axis numbers. */
    static final int AXIS = 48;
    /** Room below the plot for the axis labels. */
    static final int BOTTOM = 24;
    /** Room above the plot. */
    static final int TOP = 10;
    /** The smallest size a non-zero segment is drawn with, so that every value shows. */
    static final double MIN_SIZE = 1;
    /** Longest label drawn in a chart; the table below holds the whole text. */
    static final int MAX_LABEL = 30;

    /** A chart as the template draws it. */
    record Chart(String id, String title, String description, int width, int height, List<Line> lines,
            List<Rect> rects, List<Dot> dots, List<Label> labels, List<Series> keys) {
    }

    /** One series of a chart: its name in the legend and its colour class. */
    record Series(String name, String css) {
    }

    /** A rectangle with its tooltip. */
    record Rect(String x, String y, String width, String height, String css, String title) {
    }

    /** A grid or axis line. */
    record Line(String x1, String y1, String x2, String y2) {
    }

    /** A dot with its tooltip. */
    record Dot(String cx, String cy, String r, String css, String title) {
    }

    /** A piece of text; {@code anchor} is SVG's text-anchor. */
    record Label(String x, String y, String anchor, String text) {
    }

    private Charts() {
    }

    /**
     * The upper end of an axis that starts at zero: the smallest 1, 2 or 5 times a power of ten
     * that is at least {@code max}; 1 when {@code max} is not positive.
     */
    static double niceMax(double max) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= max * (1 - 1e-12)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** The axis ticks from 0 to {@code niceMax} inclusive: steps of a fifth, or a quarter when it starts with 2. */
    static List<Double> ticks(double niceMax) {
        double mantissa = niceMax / Math.pow(10, Math.floor(Math.log10(niceMax)));
        int steps = Math.abs(mantissa - 2) < 1e-9 ? 4 : 5;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            ticks.add(niceMax * i / steps);
        }
        return ticks;
    }

    /**
     * Columns stacked bottom-up, one per label: {@code values[column][series]}, negative values
     * taken as zero; a non-zero segment is at least {@link #MIN_SIZE} high. {@code titles}, when given, are the tooltips of the segments; otherwise
     * "label: series value".
     */
    static Chart columns(String id, String title, String description, List<String> labels, List<Series> series,
            double[][] values, String[][] titles) {
        int n = labels.size();
        double max = 0;
        for (double[] column : values) {
            max = Math.max(max, sum(column));
        }
        double top = niceMax(max);
        int height = TOP + PLOT_HEIGHT + BOTTOM;
        double plotWidth = WIDTH - AXIS - 8;
        double slot = n == 0 ? plotWidth : plotWidth / n;
        double barWidth = Math.max(1, slot * 0.75);
        List<Line> lines = new ArrayList<>();
        List<Label> text = new ArrayList<>();
        for (double t : ticks(top)) {
            double y = TOP + PLOT_HEIGHT - t / top * PLOT_HEIGHT;
            lines.add(new Line(f(AXIS), f(y), f(WIDTH - 8), f(y)));
            text.add(new Label(f(AXIS - 6), f(y + 4), "end", number(t)));
        }
        List<Rect> rects = new ArrayList<>();
        int every = Math.max(1, (int) Math.ceil(n / 12.0));
        for (int c = 0; c < n; c++) {
            double x = AXIS + c * slot + (slot - barWidth) / 2;
            double y = TOP + PLOT_HEIGHT;
            for (int s = 0; s < series.size(); s++) {
                double v = Math.max(0, values[c][s]);
                if (v == 0) {
                    continue;
                }
                double h = Math.max(MIN_SIZE, v / top * PLOT_HEIGHT);
                y -= h;
                rects.add(new Rect(f(x), f(y), f(barWidth), f(h), series.get(s).css(),
                        titles != null ? titles[c][s] : Table.cell(labels.get(c), 120) + ": " + series.get(s).name() + " " + number(v)));
            }
            if (c % every == 0) {
                text.add(new Label(f(x + barWidth / 2), f(TOP + PLOT_HEIGHT + 16), "middle",
                        Table.cell(labels.get(c), MAX_LABEL)));
            }
        }
        return new Chart(id, title, description, WIDTH, height, lines, rects, List.of(), text, series);
    }

    /**
     * Rows of bars stacked left to right, one per label: {@code values[row][series]}, negative
     * values taken as zero, a non-zero segment at least {@link #MIN_SIZE} wide; after each bar {@code totals[row]}, the text written at its end.
     * {@code titles}, when given, are the tooltips of the segments.
     */
    static Chart rows(String id, String title, String description, List<String> labels, List<Series> series,
            double[][] values, String[][] titles, List<String> totals) {
        int n = labels.size();
        double max = 0;
        for (double[] row : values) {
            max = Math.max(max, sum(row));
        }
        double top = niceMax(max);
        double plotWidth = WIDTH - LABEL_WIDTH - RIGHT;
        int height = TOP + n * (ROW + GAP) + BOTTOM;
        List<Line> lines = new ArrayList<>();
        List<Label> text = new ArrayList<>();
        double bottom = TOP + n * (ROW + GAP);
        for (double t : ticks(top)) {
            double x = LABEL_WIDTH + t / top * plotWidth;
            lines.add(new Line(f(x), f(TOP - 4), f(x), f(bottom)));
            text.add(new Label(f(x), f(bottom + 16), "middle", number(t)));
        }
        List<Rect> rects = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double y = TOP + r * (ROW + GAP) + GAP / 2.0;
            double x = LABEL_WIDTH;
            text.add(new Label(f(LABEL_WIDTH - 6), f(y + ROW - 5), "end", Table.cell(labels.get(r), MAX_LABEL)));
            for (int s = 0; s < series.size(); s++) {
                double v = Math.max(0, values[r][s]);
                if (v == 0) {
                    continue;
                }
                double w = Math.max(MIN_SIZE, v / top * plotWidth);
                rects.add(new Rect(f(x), f(y), f(w), f(ROW), series.get(s).css(),
                        titles != null ? titles[r][s] : Table.cell(labels.get(r), 120) + ": " + series.get(s).name() + " " + number(v)));
                x += w;
            }
            text.add(new Label(f(x + 4), f(y + ROW - 5), "start", Table.cell(totals.get(r), MAX_LABEL)));
        }
        return new Chart(id, title, description, WIDTH, height, lines, rects, List.of(), text, series);
    }

    /** One dot of a timeline: lane, position in time (any unit), weight, tooltip. */
    record Point(int lane, double time, long count, String title) {
    }

    /** A mark on a timeline's axis: a time (the unit of {@link Point#time}) and its text. */
    record Tick(double time, String text) {
    }

    /**
     * Lanes of dots over time: one lane per label, dots placed by {@link Point#time} between the
     * earliest and the latest point, their area proportional to {@link Point#count}. {@code
     * laneCss[lane]} colours a lane's dots; {@code axis} marks times under the lanes.
     */
    static Chart timeline(String id, String title, String description, List<String> labels, List<String> laneCss,
            List<Point> points, List<Tick> axis, List<Series> keys) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long heaviest = 1;
        for (Point p : points) {
            min = Math.min(min, p.time());
            max = Math.max(max, p.time());
            heaviest = Math.max(heaviest, p.count());
        }
        int n = labels.size();
        double plotWidth = WIDTH - LABEL_WIDTH - 24;
        double bottom = TOP + n * (ROW + GAP);
        List<Line> lines = new ArrayList<>();
        List<Label> text = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double y = TOP + r * (ROW + GAP) + GAP / 2.0 + ROW / 2.0;
            lines.add(new Line(f(LABEL_WIDTH), f(y), f(LABEL_WIDTH + plotWidth), f(y)));
            text.add(new Label(f(LABEL_WIDTH - 6), f(y + 4), "end", Table.cell(labels.get(r), MAX_LABEL)));
        }
        double span = max - min;
        List<Dot> dots = new ArrayList<>();
        for (Point p : points) {
            double x = LABEL_WIDTH + 8 + (span > 0 ? (p.time() - min) / span : 0.5) * (plotWidth - 16);
            double y = TOP + p.lane() * (ROW + GAP) + GAP / 2.0 + ROW / 2.0;
            double r = 2 + (ROW / 2.0 - 2) * Math.sqrt((double) p.count() / heaviest);
            dots.add(new Dot(f(x), f(y), f(r), laneCss.get(p.lane()), p.title()));
        }
        for (Tick a : axis) {
            double t = a.time();
            double x = LABEL_WIDTH + 8 + (span > 0 ? (t - min) / span : 0.5) * (plotWidth - 16);
            lines.add(new Line(f(x), f(bottom), f(x), f(bottom + 4)));
            text.add(new Label(f(x), f(bottom + 16), "middle", a.text()));
        }
        return new Chart(id, title, description, WIDTH, (int) bottom + BOTTOM, lines, List.of(), dots, text, keys);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += Math.max(0, v);
        }
        return s;
    }

    /** A coordinate: one decimal, a dot, never a grouping separator. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** An axis number: whole numbers grouped, others with up to two decimals. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}
