package org.margay.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Draws the results as one SVG file, by hand (no plotting library): for every latency scenario a CDF of the round
 * trips of each variant (all rounds merged), and for every rate metric a bar per variant with its median and a
 * whisker from the slowest to the fastest round.
 *
 * <p>The CDF's x axis is the round-trip time on a log scale; its y axis is the cumulative share on a "nines" scale
 * ({@code -log10(1 - p)}: 0, 90, 99, 99.9, 99.99 % equally spaced), so that the body and the tail are both visible.
 */
public final class SvgPlot {
    static final int WIDTH = 960;
    static final int PANEL_HEIGHT = 380;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final double MAX_NINES = 4;
    private static final String[] COLORS = {
        "#1b7837", "#762a83", "#2166ac", "#b2182b", "#e08214", "#35978f", "#8c510a", "#4d4d4d", "#c51b7d", "#01665e"};

    private SvgPlot() {
    }

    /** The SVG document for {@code results}. */
    public static String render(List<ScenarioResult> results) {
        List<String> panels = new ArrayList<>();
        for (ScenarioResult r : results) {
            if (!r.latencies().isEmpty()) {
                panels.add(cdfPanel(r));
            }
        }
        for (ScenarioResult r : results) {
            Map<String, List<Row>> groups = new LinkedHashMap<>();
            for (Row row : r.rows()) {
                if (row.better() == Better.HIGHER) {
                    groups.computeIfAbsent(row.scenario() + " " + row.metric(), k -> new ArrayList<>()).add(row);
                }
            }
            for (Map.Entry<String, List<Row>> g : groups.entrySet()) {
                panels.add(barPanel(g.getKey(), g.getValue()));
            }
        }
        int height = Math.max(1, panels.size()) * PANEL_HEIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        if (panels.isEmpty()) {
            svg.append(text(WIDTH / 2.0, PANEL_HEIGHT / 2.0, "no results to plot", "middle", 14, false));
        }
        for (int i = 0; i < panels.size(); i++) {
            svg.append("<g transform=\"translate(0,").append(i * PANEL_HEIGHT).append(")\">\n").append(panels.get(i))
                    .append("</g>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    // ------------------------------------------------------------------ CDF

    private static String cdfPanel(ScenarioResult r) {
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Histogram h : r.latencies().values()) {
            if (h.getTotalCount() > 0) {
                lo = Math.min(lo, Math.max(0.01, h.getMinValue() / 1000.0));
                hi = Math.max(hi, h.getMaxValue() / 1000.0);
            }
        }
        if (hi <= 0) {
            return text(LEFT, TOP, r.title() + ": no samples", "start", 14, true);
        }
        double logLo = Math.floor(Math.log10(lo));
        double logHi = Math.ceil(Math.log10(Math.max(hi, lo * 10)));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = PANEL_HEIGHT - TOP - BOTTOM;
        StringBuilder g = new StringBuilder();
        g.append(text(LEFT, 24, r.title() + ": round-trip time CDF (all rounds merged)", "start", 14, true));
        g.append(frame(plotW, plotH));
        for (double e = logLo; e <= logHi; e++) {
            double x = LEFT + plotW * (e - logLo) / (logHi - logLo);
            g.append(line(x, TOP, x, TOP + plotH, "#dddddd"));
            g.append(text(x, TOP + plotH + 16, micros(Math.pow(10, e)), "middle", 11, false));
        }
        String[] nineLabels = {"0 %", "90 %", "99 %", "99.9 %", "99.99 %"};
        for (int n = 0; n <= MAX_NINES; n++) {
            double y = TOP + plotH - plotH * n / MAX_NINES;
            g.append(line(LEFT, y, LEFT + plotW, y, "#dddddd"));
            g.append(text(LEFT - 6, y + 4, nineLabels[n], "end", 11, false));
        }
        g.append(text(LEFT + plotW / 2, PANEL_HEIGHT - 12, "round-trip time (log scale)", "middle", 12, false));
        int c = 0;
        for (Map.Entry<String, Histogram> e : r.latencies().entrySet()) {
            String color = COLORS[c % COLORS.length];
            double[][] points = Latencies.cdf(e.getValue());
            StringBuilder path = new StringBuilder();
            for (double[] p : points) {
                double v = Math.max(p[0], Math.pow(10, logLo));
                double x = LEFT + plotW * (Math.log10(v) - logLo) / (logHi - logLo);
                double y = TOP + plotH - plotH * nines(p[1]) / MAX_NINES;
                path.append(path.isEmpty() ? "M" : " L").append(fmt(x)).append(',').append(fmt(y));
            }
            if (!path.isEmpty()) {
                g.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
                        .append("\" stroke-width=\"2\"/>\n");
            }
            double ly = TOP + 10 + c * 30;
            g.append(line(WIDTH - RIGHT + 15, ly, WIDTH - RIGHT + 40, ly, color, 3));
            g.append(text(WIDTH - RIGHT + 45, ly + 4, e.getKey(), "start", 11, false));
            String figures = "p50 " + TextTable.number(Latencies.percentileMicros(e.getValue(), 50))
                    + " us, p99 " + TextTable.number(Latencies.percentileMicros(e.getValue(), 99)) + " us";
            g.append(text(WIDTH - RIGHT + 45, ly + 17, figures, "start", 10, false));
            c++;
        }
        return g.toString();
    }

    /** {@code -log10(1 - p/100)}, capped at {@link #MAX_NINES}. */
    static double nines(double percentile) {
        double rest = 1 - percentile / 100;
        return rest <= Math.pow(10, -MAX_NINES) ? MAX_NINES : -Math.log10(rest);
    }

    private static String micros(double us) {
        if (us >= 1000) {
            return TextTable.number(us / 1000) + " ms";
        }
        return TextTable.number(us) + " us";
    }

    // ------------------------------------------------------------------ bars

    private static String barPanel(String title, List<Row> rows) {
        List<String> names = new ArrayList<>();
        List<Spread> values = new ArrayList<>();
        names.add("margay");
        values.add(rows.get(0).margay());
        for (Row row : rows) {
            names.add(row.alternativeName());
            values.add(row.alternative());
        }
        double max = 0;
        for (Spread s : values) {
            if (s.present()) {
                max = Math.max(max, s.max());
            }
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = PANEL_HEIGHT - TOP - BOTTOM;
        StringBuilder g = new StringBuilder();
        String unit = rows.get(0).unit();
        g.append(text(LEFT, 24, title + " (" + unit + "; bar = median, whisker = min-max of the rounds)", "start", 14, true));
        g.append(frame(plotW, plotH));
        double top = max <= 0 ? 1 : niceCeiling(max);
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4;
            double y = TOP + plotH - plotH * v / top;
            g.append(line(LEFT, y, LEFT + plotW, y, "#dddddd"));
            g.append(text(LEFT - 6, y + 4, TextTable.number(v), "end", 11, false));
        }
        double slot = plotW / names.size();
        double barW = Math.min(80, slot * 0.6);
        for (int i = 0; i < names.size(); i++) {
            Spread s = values.get(i);
            double cx = LEFT + slot * (i + 0.5);
            String color = COLORS[i % COLORS.length];
            g.append(text(cx, TOP + plotH + 16, names.get(i), "middle", 10, false));
            if (!s.present()) {
                g.append(text(cx, TOP + plotH - 6, "n/a", "middle", 11, false));
                continue;
            }
            double h = plotH * s.median() / top;
            g.append("<rect x=\"").append(fmt(cx - barW / 2)).append("\" y=\"").append(fmt(TOP + plotH - h))
                    .append("\" width=\"").append(fmt(barW)).append("\" height=\"").append(fmt(h)).append("\" fill=\"")
                    .append(color).append("\" opacity=\"0.85\"/>\n");
            double yMin = TOP + plotH - plotH * s.min() / top;
            double yMax = TOP + plotH - plotH * s.max() / top;
            g.append(line(cx, yMin, cx, yMax, "black"));
            g.append(line(cx - 8, yMin, cx + 8, yMin, "black"));
            g.append(line(cx - 8, yMax, cx + 8, yMax, "black"));
            g.append(text(cx, yMax - 5, TextTable.number(s.median()), "middle", 11, false));
        }
        return g.toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    // ------------------------------------------------------------------ primitives

    private static String frame(double w, double h) {
        return "<rect x=\"" + LEFT + "\" y=\"" + TOP + "\" width=\"" + fmt(w) + "\" height=\"" + fmt(h)
                + "\" fill=\"none\" stroke=\"#888888\"/>\n";
    }

    private static String line(double x1, double y1, double x2, double y2, String color) {
        return line(x1, y1, x2, y2, color, 1);
    }

    private static String line(double x1, double y1, double x2, double y2, String color, int width) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + color + "\" stroke-width=\"" + width + "\"/>\n";
    }

    private static String text(double x, double y, String s, String anchor, int size, boolean bold) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size
                + "\"" + (bold ? " font-weight=\"bold\"" : "") + ">" + escape(s) + "</text>\n";
    }

    /** XML escapes for text content and attribute values. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
