package org.margay.explain.render;

import java.util.ArrayList;
import java.util.List;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Fate;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.Series;
import org.margay.explain.model.TcpHeader;

/**
 * Plots over time, for the side of a connection that sent the most data: the sequence number in the manner of
 * tcptrace (one vertical bar per data segment, retransmissions in red, lost ones pale; the ACK line, the window
 * line and SACK blocks), the congestion window and slow-start threshold, the bytes in flight, and the RTT samples
 * with SRTT and RTO. Panels share the time axis; a panel without data (cwnd in a capture) says why. Every text
 * box is recorded, and tick labels are spaced so they cannot overlap.
 */
public final class TimeSeriesPlot {
    static final double WIDTH = 1000;
    static final double LEFT = 86;
    static final double RIGHT = 24;
    static final double PANEL = 190;
    static final double FONT = 11;
    static final double LINE = 15;
    private static final String SEND = "#1f5fbf";
    private static final String RETRANSMIT = "#d62728";
    private static final String LOST = "#f4a3a3";
    private static final String ACK = "#1b7f4c";
    private static final String WINDOW = "#e08a00";
    private static final String SACK = "#8e44ad";

    private TimeSeriesPlot() {
    }

    private record Trace(String label, String color, double[] xs, double[] ys, int n, boolean step, boolean dots,
                         String dash) {
    }

    /** Plots {@code c} for {@code side} (or the main data sender when {@code side} is -1). */
    public static Svg render(ConnectionTimeline c, int side) {
        int s = side < 0 ? c.mainSender() : side;
        int r = 1 - s;
        long origin = c.originNanos();
        // The time axis ends shortly after the last segment that carries data, SYN or FIN (and its arrival): a
        // reset or a keep-alive a minute later would squeeze everything else into the left edge.
        long end = origin + 1;
        long last = origin + 1;
        int later = 0;
        for (PacketRecord p : c.packets()) {
            long t = p.arrivedNanos() != PacketRecord.NO_TIME ? Math.max(p.arrivedNanos(), p.sentNanos()) : p.sentNanos();
            last = Math.max(last, t);
            if (p.tcp() == null || p.tcp().sequenceLength() > 0) {
                end = Math.max(end, t);
            }
        }
        // ... plus time for the answers to it: two handshake RTTs, or a tenth of the span.
        long grace = c.handshakeRttNanos() > 0 ? 2 * c.handshakeRttNanos() : (end - origin) / 10;
        long cut = end + grace;
        end = origin + 1;
        for (PacketRecord p : c.packets()) {
            long t = p.arrivedNanos() != PacketRecord.NO_TIME ? Math.max(p.arrivedNanos(), p.sentNanos()) : p.sentNanos();
            if (t <= cut) {
                end = Math.max(end, t);
            }
        }
        end = Math.min(last, end + (end - origin) / 50 + 1);
        for (PacketRecord p : c.packets()) {
            if (p.sentNanos() > end) {
                later++;
            }
        }
        double span = end - origin;
        Svg svg = new Svg(WIDTH, 100);
        svg.comment("margay explain: time-series plots of connection " + c.id());
        double y = 12 + 13;
        svg.text(12, y, Svg.fit("connection " + c.id() + ": " + c.title(), WIDTH - 24, 13), 13, "start", "#000", true);
        y += LINE + 2;
        svg.text(12, y, Svg.fit("seen from " + c.name(s) + " " + c.end(s) + ", the side sending more data"
                + (c.live() != null ? " (live: cwnd from the stack's event log)" : c.exact() ? " (simulated: exact)"
                : " (captured: cwnd is not on the wire)"), WIDTH - 24, FONT),
                FONT, "start", "#444", false);
        y += LINE;
        if (later > 0) {
            svg.text(12, y, Svg.fit("the time axis ends after the last data, SYN or FIN: " + later + " later packet"
                    + (later == 1 ? "" : "s") + " (until +" + org.margay.explain.model.Text.duration(last - origin)
                    + ") not shown", WIDTH - 24, FONT), FONT, "start", "#444", false);
            y += LINE;
        }
        y += 6;

        List<Panel> panels = new ArrayList<>();
        panels.add(sequencePanel(c, s, r));
        panels.add(seriesPanel(c, s, "congestion window (bytes)", new Metric[] {Metric.CWND, Metric.SSTHRESH},
                new String[] {SEND, RETRANSMIT}, new String[] {null, "6,3"}, false,
                "cwnd and ssthresh live in the sender: a capture cannot show them"));
        panels.add(seriesPanel(c, s, "bytes in flight", new Metric[] {Metric.IN_FLIGHT}, new String[] {ACK},
                new String[] {null}, false, "no data in flight"));
        panels.add(rttPanel(c, s));
        for (int i = 0; i < panels.size(); i++) {
            y = draw(svg, panels.get(i), y, origin, span, i == panels.size() - 1);
        }
        svg.height(y + 12);
        return svg;
    }

    /** One panel: its title, y unit, traces, bars, and the message shown when it has no data. */
    private static final class Panel {
        final String title;
        final boolean bytes;
        final List<Trace> traces = new ArrayList<>();
        final List<double[]> bars = new ArrayList<>(); // {x(ns), y0, y1, colour index}
        final List<String> barColors = new ArrayList<>();
        final List<String[]> legend = new ArrayList<>();
        String empty;
        double maxY;

        Panel(String title, boolean bytes) {
            this.title = title;
            this.bytes = bytes;
        }

        boolean hasData() {
            return !traces.isEmpty() || !bars.isEmpty();
        }
    }

    private static Panel sequencePanel(ConnectionTimeline c, int s, int r) {
        Panel panel = new Panel("sequence number, relative (tcptrace view)", true);
        int newColor = panel.barColors.size();
        panel.barColors.add(SEND);
        int rtxColor = panel.barColors.size();
        panel.barColors.add(RETRANSMIT);
        int lostColor = panel.barColors.size();
        panel.barColors.add(LOST);
        int sackColor = panel.barColors.size();
        panel.barColors.add(SACK);
        List<double[]> ackPoints = new ArrayList<>();
        List<double[]> windowPoints = new ArrayList<>();
        boolean anyRetransmit = false;
        boolean anyLost = false;
        boolean anySack = false;
        for (PacketRecord p : c.packets()) {
            TcpHeader t = p.tcp();
            if (t == null || p.relativeSequence() < 0) {
                continue;
            }
            if (p.side() == s && t.sequenceLength() > 0) {
                double y0 = p.relativeSequence();
                double y1 = y0 + Math.max(1, t.sequenceLength());
                int color = p.fate() == Fate.LOST ? lostColor : p.isRetransmission() ? rtxColor : newColor;
                anyRetransmit |= color == rtxColor;
                anyLost |= color == lostColor;
                panel.bars.add(new double[] {p.sentNanos(), y0, y1, color});
                panel.maxY = Math.max(panel.maxY, y1);
            } else if (p.side() == r && t.has(TcpHeader.ACK) && p.relativeAcknowledgment() >= 0) {
                long at = p.fate() == Fate.DELIVERED ? p.arrivedNanos() : p.fate() == Fate.CAPTURED
                        ? p.capturedNanos() : PacketRecord.NO_TIME;
                if (at == PacketRecord.NO_TIME) {
                    continue;
                }
                ackPoints.add(new double[] {at, p.relativeAcknowledgment()});
                if (p.scaledWindow() >= 0 && !t.has(TcpHeader.SYN)) {
                    windowPoints.add(new double[] {at, p.relativeAcknowledgment() + p.scaledWindow()});
                }
                long base = Integer.toUnsignedLong(t.acknowledgment()) - p.relativeAcknowledgment();
                for (int i = 0; i < t.sackBlockCount(); i++) {
                    double left = (Integer.toUnsignedLong(t.sackLeft(i)) - base) & 0xFFFF_FFFFL;
                    double right = (Integer.toUnsignedLong(t.sackRight(i)) - base) & 0xFFFF_FFFFL;
                    if (right > left && right - left < 1e9) {
                        panel.bars.add(new double[] {at, left, right, sackColor});
                        anySack = true;
                    }
                }
            }
        }
        if (!ackPoints.isEmpty()) {
            panel.traces.add(trace("ACK", ACK, ackPoints, true, false, null));
        }
        panel.legend.add(new String[] {SEND, "data sent"});
        if (anyRetransmit) {
            panel.legend.add(new String[] {RETRANSMIT, "retransmitted"});
        }
        if (anyLost) {
            panel.legend.add(new String[] {LOST, "lost"});
        }
        if (!ackPoints.isEmpty()) {
            panel.legend.add(new String[] {ACK, "ACK"});
        }
        if (!windowPoints.isEmpty()) {
            // The window line only helps where it is near the data: points far above it are left out (gaps).
            double dataMax = panel.maxY;
            for (double[] a : ackPoints) {
                dataMax = Math.max(dataMax, a[1]);
            }
            List<double[]> near = new ArrayList<>();
            for (double[] w : windowPoints) {
                if (w[1] <= dataMax * 1.15) {
                    near.add(w);
                }
            }
            if (!near.isEmpty()) {
                panel.traces.add(trace("window", WINDOW, near, true, false, null));
                panel.legend.add(new String[] {WINDOW, near.size() < windowPoints.size() ? "ACK + window (where in"
                        + " range)" : "ACK + window"});
            } else {
                panel.legend.add(new String[] {WINDOW, "window: above the plot"});
            }
        }
        if (anySack) {
            panel.legend.add(new String[] {SACK, "SACK blocks"});
        }
        for (Trace t : panel.traces) {
            for (int i = 0; i < t.n(); i++) {
                panel.maxY = Math.max(panel.maxY, t.ys()[i]);
            }
        }
        panel.empty = "no data segments";
        return panel;
    }

    private static Panel seriesPanel(ConnectionTimeline c, int s, String title, Metric[] metrics, String[] colors,
                                     String[] dashes, boolean dots, String empty) {
        Panel panel = new Panel(title, true);
        for (int i = 0; i < metrics.length; i++) {
            if (!c.hasSeries(metrics[i], s)) {
                continue;
            }
            Series series = c.series(metrics[i], s);
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < series.size(); k++) {
                double v = series.value(k);
                if (!Double.isNaN(v) && v < 1e15) {
                    points.add(new double[] {series.time(k), v});
                    panel.maxY = Math.max(panel.maxY, v);
                }
            }
            if (!points.isEmpty()) {
                panel.traces.add(trace(metrics[i].label(), colors[i], points, !dots, dots, dashes[i]));
                panel.legend.add(new String[] {colors[i], metrics[i].label()});
            }
        }
        panel.empty = empty;
        return panel;
    }

    private static Panel rttPanel(ConnectionTimeline c, int s) {
        Panel panel = new Panel("round-trip time", false);
        double top = 0;
        if (c.hasSeries(Metric.RTT_SAMPLE, s)) {
            Series samples = c.series(Metric.RTT_SAMPLE, s);
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < samples.size(); k++) {
                points.add(new double[] {samples.time(k), samples.value(k)});
                top = Math.max(top, samples.value(k));
            }
            panel.traces.add(trace("RTT sample", SEND, points, false, true, null));
            panel.legend.add(new String[] {SEND, "RTT samples"});
        }
        if (c.hasSeries(Metric.SRTT, s)) {
            top = Math.max(top, c.series(Metric.SRTT, s).max());
        }
        double cap = top > 0 ? top * 1.4 : 0;
        boolean clipped = false;
        for (Metric m : new Metric[] {Metric.SRTT, Metric.RTO}) {
            if (!c.hasSeries(m, s) || cap == 0) {
                continue;
            }
            Series series = c.series(m, s);
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < series.size(); k++) {
                double v = series.value(k);
                if (v > cap) {
                    clipped = true;
                }
                points.add(new double[] {series.time(k), Math.min(v, cap)});
            }
            String color = m == Metric.SRTT ? ACK : RETRANSMIT;
            panel.traces.add(trace(m.label(), color, points, true, false, m == Metric.RTO ? "6,3" : null));
            panel.legend.add(new String[] {color, m == Metric.RTO && clipped ? "RTO (cut at the top)" : m.label()});
        }
        panel.maxY = cap > 0 ? cap : top;
        panel.empty = "no RTT samples (every segment was sent more than once, or nothing was acknowledged)";
        return panel;
    }

    private static Trace trace(String label, String color, List<double[]> points, boolean step, boolean dots,
                               String dash) {
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        return new Trace(label, color, xs, ys, points.size(), step, dots, dash);
    }

    /** Draws one panel with its header row at {@code top}; returns the y below it. */
    private static double draw(Svg svg, Panel panel, double top, long origin, double span, boolean last) {
        double x0 = LEFT;
        double x1 = WIDTH - RIGHT;
        Box title = svg.text(x0, top + 11, panel.title, 12, "start", "#000", true);
        // The legend goes on the title's row, right-aligned, or on the next row when they would meet.
        double legendWidth = 0;
        for (String[] e : panel.legend) {
            legendWidth += 22 + Svg.textWidth(e[1], FONT) + 14;
        }
        double legendY = top + 11;
        if (x1 - legendWidth < title.right() + 20) {
            legendY += LINE;
        }
        double lx = Math.max(x0, x1 - legendWidth);
        for (String[] e : panel.legend) {
            svg.line(lx, legendY - 4, lx + 16, legendY - 4, e[0], 3, null);
            svg.text(lx + 22, legendY, e[1], FONT, "start", "#000", false);
            lx += 22 + Svg.textWidth(e[1], FONT) + 14;
        }
        double frameTop = legendY + 8;
        double frameBottom = frameTop + PANEL;
        svg.rect(x0, frameTop, x1 - x0, PANEL, "#fafafa", "#999", 1);
        double maxY = panel.maxY > 0 ? panel.maxY * 1.05 : 1;
        // Y ticks: at most one label per two lines of height.
        List<Double> yTicks = Ticks.between(0, maxY, (int) (PANEL / (2 * LINE)) + 1);
        double yStep = yTicks.size() > 1 ? yTicks.get(1) - yTicks.get(0) : maxY;
        for (double v : panel.hasData() ? yTicks : List.<Double>of()) {
            double py = frameBottom - v / maxY * PANEL;
            svg.line(x0, py, x1, py, "#e4e4e4", 1, null);
            String text = panel.bytes ? Ticks.bytes(v, yStep) : Ticks.time(v, yStep);
            svg.text(x0 - 6, py + 4, Svg.fit(text, LEFT - 10, FONT), FONT, "end", "#444", false);
        }
        // X ticks: as many as fit with room for their labels.
        double labelWidth = Svg.textWidth("000.000 ms", FONT) + 16;
        List<Double> xTicks = Ticks.between(0, span, Math.max(2, (int) ((x1 - x0) / labelWidth)));
        double xStep = xTicks.size() > 1 ? xTicks.get(1) - xTicks.get(0) : span;
        for (double v : xTicks) {
            double px = x0 + v / span * (x1 - x0);
            svg.line(px, frameTop, px, frameBottom, "#e4e4e4", 1, null);
            if (last) {
                svg.text(px, frameBottom + 14, Ticks.time(v, xStep), FONT, "middle", "#444", false);
            }
        }
        if (!panel.hasData()) {
            svg.text((x0 + x1) / 2, (frameTop + frameBottom) / 2, Svg.fit(panel.empty, x1 - x0 - 20, FONT), FONT,
                    "middle", "#777", false);
        }
        for (double[] bar : panel.bars) {
            if (bar[0] - origin > span) {
                continue;
            }
            double px = x0 + (bar[0] - origin) / span * (x1 - x0);
            double py0 = frameBottom - bar[1] / maxY * PANEL;
            double py1 = Math.min(py0 - 1.5, frameBottom - bar[2] / maxY * PANEL);
            String color = panel.barColors.get((int) bar[3]);
            boolean marked = color.equals(RETRANSMIT) || color.equals(LOST);
            svg.line(px, py0, px, py1, color, marked ? 2.5 : 1.6, null);
            if (marked) {
                // tcptrace marks special segments with a tick so that a single one stays visible.
                svg.line(px - 3, py1, px + 3, py1, color.equals(LOST) ? RETRANSMIT : color, 1.5, null);
            }
        }
        for (Trace t : panel.traces) {
            double[] xs = new double[t.step() ? 2 * t.n() : t.n()];
            double[] ys = new double[xs.length];
            int n = 0;
            for (int i = 0; i < t.n(); i++) {
                if (t.xs()[i] - origin > span) {
                    break;
                }
                double px = x0 + (t.xs()[i] - origin) / span * (x1 - x0);
                double py = frameBottom - t.ys()[i] / maxY * PANEL;
                if (t.dots()) {
                    svg.dot(px, py, 2, t.color());
                    continue;
                }
                if (t.step() && n > 0) {
                    xs[n] = px;
                    ys[n] = ys[n - 1];
                    n++;
                }
                xs[n] = px;
                ys[n] = py;
                n++;
            }
            if (!t.dots()) {
                if (t.step() && n > 0 && xs[n - 1] < x1) {
                    // A gauge keeps its last value until the end of the run.
                    xs = java.util.Arrays.copyOf(xs, n + 1);
                    ys = java.util.Arrays.copyOf(ys, n + 1);
                    xs[n] = x1;
                    ys[n] = ys[n - 1];
                    n++;
                }
                svg.polyline(xs, ys, n, t.color(), 1.5, t.dash());
            }
        }
        double bottom = frameBottom + (last ? 20 : 8);
        if (last) {
            svg.text((x0 + x1) / 2, bottom + 12, "time since the first packet", FONT, "middle", "#444", false);
            bottom += 16;
        }
        return bottom + 10;
    }
}
