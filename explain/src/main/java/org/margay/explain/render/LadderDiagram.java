package org.margay.explain.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Fate;
import org.margay.explain.model.Finding;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;
import org.margay.explain.model.Text;
import org.margay.explain.model.TimelineEvent;

/**
 * The ladder (sequence) diagram of one conversation: two vertical time axes, one per side, time flowing down; one
 * arrow per packet from its send time on the sender's axis to its arrival time on the receiver's, labelled with
 * flags, sequence range, ACK, length and options; lost packets stop mid-air at a cross; retransmissions are red
 * and say why. State transitions and other events of each side are written beside its axis.
 *
 * <p>Layout: items (sends, arrivals, events) are placed top to bottom in time order; the vertical gap between two
 * items follows the time between them (scaled so the median gap is readable, long gaps capped and marked as
 * breaks), and is stretched where needed so that labels sharing a column are at least a line apart. Arrow labels
 * share one column, so no two overlap; labels are cut to the room they have; time labels are thinned. Every text
 * box is recorded ({@link Svg#boxes()}) so tests can check that none overlap.
 */
public final class LadderDiagram {
    static final double FONT = 11;
    static final double LINE = 15;
    static final double MARGIN = 12;
    static final double TIME_WIDTH = 72;
    static final double EVENT_WIDTH = 260;
    static final double ARROWS_WIDTH = 560;
    static final double MIN_SLOPE = 6;
    static final double MAX_GAP = 90;
    static final double ONE_WAY = 60;
    static final double MEDIAN_GAP = 16;

    private static final String DATA0 = "#1f5fbf";
    private static final String DATA1 = "#1b7f4c";
    private static final String ACK = "#6f6f6f";
    private static final String CONTROL = "#7b2d8e";
    private static final String RETRANSMIT = "#d62728";
    private static final Pattern STATE = Pattern.compile("-> ([A-Z0-9-]+):");
    private static final Pattern RULE = Pattern.compile("(RFC \\d+ §[0-9.]*[0-9])");

    /**
     * Which packets to draw.
     *
     * @param first the index (0-based) of the first packet to draw
     * @param most  how many packets at most
     */
    public record Options(int first, int most) {
        /** Checks the values. */
        public Options {
            if (first < 0 || most < 1) {
                throw new IllegalArgumentException("first must be >= 0 and most >= 1");
            }
        }

        /** The first 60 packets. */
        public static Options defaults() {
            return new Options(0, 60);
        }
    }

    private enum Kind { ARRIVE, SEND, EVENT }

    private static final class Item {
        final long time;
        final Kind kind;
        final long order;
        final PacketRecord packet;
        final TimelineEvent event;
        double y;

        Item(long time, Kind kind, long order, PacketRecord packet, TimelineEvent event) {
            this.time = time;
            this.kind = kind;
            this.order = order;
            this.packet = packet;
            this.event = event;
        }
    }

    private LadderDiagram() {
    }

    /** Draws {@code c}. */
    public static Svg render(ConnectionTimeline c, Options options) {
        List<PacketRecord> all = c.packets();
        int from = Math.min(options.first(), Math.max(0, all.size() - 1));
        int to = Math.min(all.size(), from + options.most());
        List<PacketRecord> packets = all.subList(from, to);
        double xA = MARGIN + TIME_WIDTH + 10 + EVENT_WIDTH + 10;
        double xB = xA + ARROWS_WIDTH;
        double width = xB + 10 + EVENT_WIDTH + MARGIN;
        Svg svg = new Svg(width, 100);
        svg.comment("margay explain: ladder diagram of connection " + c.id());

        double y = MARGIN + 13;
        svg.text(MARGIN, y, Svg.fit("connection " + c.id() + ": " + c.title(), width - 2 * MARGIN, 13), 13, "start",
                "#000", true);
        y += LINE + 2;
        String how = c.live() != null ? "live capture on the stack's own device: " + c.live()
                + (c.vantage().isEmpty() ? "; both stacks share the link and the clock: times are exact"
                : "; the far end's times are estimated from the handshake RTT")
                : c.exact() ? "simulated: send and arrival times are exact (virtual clock); events come from the stack"
                : "captured at one point: " + (c.vantage().isEmpty() ? "times at both ends are the capture time"
                : c.vantage() + "; the far end's times are estimated from the handshake RTT");
        svg.text(MARGIN, y, Svg.fit(how, width - 2 * MARGIN, FONT), FONT, "start", "#444", false);
        y += LINE;
        String range = packets.isEmpty() ? "no packets" : "packets " + packets.get(0).number() + " to "
                + packets.get(packets.size() - 1).number() + (all.size() > packets.size() ? " (" + packets.size()
                + " of " + all.size() + "; choose others with --first and --packets)" : "");
        svg.text(MARGIN, y, Svg.fit(range, width - 2 * MARGIN, FONT), FONT, "start", "#444", false);
        y += LINE + 8;
        svg.text(xA, y, Svg.fit(c.name(0) + " " + c.end(0), 2 * EVENT_WIDTH, 12), 12, "middle", "#000", true);
        svg.text(xB, y, Svg.fit(c.name(1) + " " + c.end(1), 2 * EVENT_WIDTH, 12), 12, "middle", "#000", true);
        svg.text(MARGIN + TIME_WIDTH, y, "time", FONT, "end", "#444", false);
        double axisTop = y + 6;
        y = axisTop + LINE;

        List<Item> items = items(c, packets);
        double scale = scale(items);
        Map<PacketRecord, Double> sendY = new HashMap<>();
        double lastArrowLabel = Double.NEGATIVE_INFINITY;
        double[] lastEvent = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long previous = items.isEmpty() ? 0 : items.get(0).time;
        List<double[]> breaks = new ArrayList<>();
        for (Item item : items) {
            double gap = Math.max(0, item.time - previous) * scale;
            if (gap > MAX_GAP * 1.5) {
                breaks.add(new double[] {y, y + MAX_GAP, item.time - previous});
                gap = MAX_GAP;
            } else {
                gap = Math.min(gap, MAX_GAP);
            }
            y += gap;
            switch (item.kind) {
                case SEND -> {
                    y = Math.max(y, lastArrowLabel + LINE);
                    lastArrowLabel = y;
                    sendY.put(item.packet, y);
                }
                case ARRIVE -> y = Math.max(y, sendY.getOrDefault(item.packet, y) + MIN_SLOPE);
                case EVENT -> {
                    int column = item.event.side() == 1 ? 1 : 0;
                    y = Math.max(y, lastEvent[column] + LINE);
                    lastEvent[column] = y;
                }
            }
            item.y = y;
            previous = Math.max(previous, item.time);
        }
        double bottom = y + LINE;
        svg.line(xA, axisTop, xA, bottom, "#000", 1.5, null);
        svg.line(xB, axisTop, xB, bottom, "#000", 1.5, null);

        List<Double> timeColumn = new ArrayList<>(); // baselines of the labels in the time column
        for (double[] b : breaks) {
            double mid = (b[0] + b[1]) / 2;
            for (double x : new double[] {xA, xB}) {
                svg.rect(x - 5, mid - 4, 10, 8, "white", "none", 1);
                svg.line(x - 6, mid - 1, x + 6, mid - 5, "#000", 1, null);
                svg.line(x - 6, mid + 5, x + 6, mid + 1, "#000", 1, null);
            }
            svg.text(MARGIN + TIME_WIDTH, mid + 4, "+" + Text.duration((long) b[2]), FONT, "end", "#a05000", false);
            timeColumn.add(mid + 4);
        }
        Map<PacketRecord, Double> arriveY = new HashMap<>();
        for (Item item : items) {
            if (item.kind == Kind.ARRIVE) {
                arriveY.put(item.packet, item.y);
            }
        }
        List<Double> slopes = new ArrayList<>();
        for (PacketRecord p : packets) {
            if (arriveY.containsKey(p)) {
                slopes.add(arriveY.get(p) - sendY.get(p));
            }
        }
        double typicalSlope = slopes.isEmpty() ? 40 : median(slopes);
        long origin = c.originNanos();
        for (Item item : items) {
            if (item.kind == Kind.SEND) {
                PacketRecord p = item.packet;
                boolean forward = p.side() == 0;
                double x1 = forward ? xA : xB;
                double x2 = forward ? xB : xA;
                String color = color(p);
                boolean retransmitted = p.isRetransmission();
                double stroke = retransmitted ? 2 : 1.2;
                Double arrival = arriveY.get(p);
                if (arrival != null) {
                    svg.arrow(x1, item.y, x2, arrival, color, stroke, null);
                } else {
                    double xm = x1 + (x2 - x1) * 0.45;
                    double ym = item.y + Math.max(MIN_SLOPE, typicalSlope) * 0.45;
                    svg.line(x1, item.y, xm, ym, RETRANSMIT, stroke, "5,3");
                    svg.cross(xm, ym, 5, RETRANSMIT);
                }
                String label = Svg.fit(label(p), ARROWS_WIDTH - 24, FONT);
                svg.label(forward ? x1 + 8 : x1 - 8, item.y - 3, label, FONT, forward ? "start" : "end",
                        retransmitted || p.fate() == Fate.LOST ? RETRANSMIT : color);
                if (free(timeColumn, item.y - 3)) {
                    svg.text(MARGIN + TIME_WIDTH, item.y - 3, Text.seconds(p.sentNanos() - origin), FONT, "end",
                            "#444", false);
                    timeColumn.add(item.y - 3);
                }
            } else if (item.kind == Kind.EVENT) {
                TimelineEvent e = item.event;
                boolean right = e.side() == 1;
                double axis = right ? xB : xA;
                svg.line(axis - 4, item.y, axis + 4, item.y, "#000", 1.5, null);
                String text = Svg.fit(shortText(e), EVENT_WIDTH - 10, FONT);
                String color = e.kind() == EventKind.STATE ? "#000" : "#a05000";
                svg.text(right ? axis + 8 : axis - 8, item.y + 4, text, FONT, right ? "start" : "end", color,
                        e.kind() == EventKind.STATE);
            }
        }
        y = bottom + LINE;
        y = legend(svg, y, width, c.exact());
        svg.height(y + MARGIN);
        return svg;
    }

    /** Whether a label with baseline {@code y} keeps a line's distance from every label already in the column. */
    private static boolean free(List<Double> column, double y) {
        for (double other : column) {
            if (Math.abs(other - y) < LINE) {
                return false;
            }
        }
        return true;
    }

    private static List<Item> items(ConnectionTimeline c, List<PacketRecord> packets) {
        List<Item> items = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (PacketRecord p : packets) {
            items.add(new Item(p.sentNanos(), Kind.SEND, p.order(), p, null));
            start = Math.min(start, p.sentNanos());
            end = Math.max(end, p.sentNanos());
            if (p.fate() != Fate.LOST && p.arrivedNanos() != PacketRecord.NO_TIME) {
                items.add(new Item(p.arrivedNanos(), Kind.ARRIVE, p.order(), p, null));
                end = Math.max(end, p.arrivedNanos());
            }
        }
        boolean truncated = packets.size() < c.packets().size();
        for (TimelineEvent e : c.events()) {
            boolean inside = e.timeNanos() >= start && (e.timeNanos() <= end || !truncated
                    && e.timeNanos() <= end + 10_000_000_000L);
            if (inside && shown(e)) {
                items.add(new Item(e.timeNanos(), Kind.EVENT, e.order(), null, e));
            }
        }
        items.sort(Comparator.comparingLong((Item i) -> i.time)
                .thenComparingInt(i -> i.kind == Kind.ARRIVE ? 0 : 1)
                .thenComparingLong(i -> i.order)
                .thenComparingInt(i -> i.kind == Kind.SEND ? 0 : 1));
        // An arrival never goes above its own send (zero-latency estimates tie them).
        List<Item> ordered = new ArrayList<>(items.size());
        Map<PacketRecord, Item> waiting = new HashMap<>();
        java.util.Set<PacketRecord> sent = new java.util.HashSet<>();
        for (Item item : items) {
            if (item.kind == Kind.ARRIVE && !sent.contains(item.packet)) {
                waiting.put(item.packet, item);
                continue;
            }
            ordered.add(item);
            if (item.kind == Kind.SEND) {
                sent.add(item.packet);
                Item late = waiting.remove(item.packet);
                if (late != null) {
                    ordered.add(late);
                }
            }
        }
        return ordered;
    }

    /**
     * Pixels per nanosecond: the median one-way delay (send to arrival) becomes {@link #ONE_WAY} pixels, so arrows
     * slope alike; without delays (a capture with no handshake), the median gap between items becomes
     * {@link #MEDIAN_GAP} pixels.
     */
    private static double scale(List<Item> items) {
        List<Double> delays = new ArrayList<>();
        for (Item i : items) {
            if (i.kind == Kind.ARRIVE && i.packet.arrivedNanos() > i.packet.sentNanos()) {
                delays.add((double) (i.packet.arrivedNanos() - i.packet.sentNanos()));
            }
        }
        if (!delays.isEmpty()) {
            return ONE_WAY / median(delays);
        }
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < items.size(); i++) {
            long dt = items.get(i).time - items.get(i - 1).time;
            if (dt > 0) {
                gaps.add((double) dt);
            }
        }
        return gaps.isEmpty() ? 0 : MEDIAN_GAP / median(gaps);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static boolean shown(TimelineEvent e) {
        String t = e.text();
        return switch (e.kind()) {
            case STATE, WINDOW, PROBE, KEEP_ALIVE -> true;
            case TIMER -> t.startsWith("retransmission timer expired");
            case CONGESTION -> t.contains("ssthresh") || t.startsWith("enters");
            case INFO -> t.startsWith("handshake") || t.startsWith("datagram") || t.startsWith("stays in TIME-WAIT");
            default -> false;
        };
    }

    /** The arrow's label: the packet, then what happened to it. */
    static String label(PacketRecord p) {
        StringBuilder b = new StringBuilder(SegmentText.label(p));
        if (p.cause() != null) {
            b.insert(0, "RTX (" + p.cause().text() + ") ");
        } else if (p.findings().contains(Finding.RETRANSMISSION) && !p.exactKnown()) {
            b.insert(0, p.findings().contains(Finding.FAST_RETRANSMISSION) ? "fast RTX? " : "RTX? ");
        }
        if (p.findings().contains(Finding.DUP_ACK)) {
            b.append(" dup#").append(p.dupAckNumber());
        }
        if (p.findings().contains(Finding.OUT_OF_ORDER)) {
            b.append(" out-of-order");
        }
        if (p.fate() == Fate.LOST) {
            b.append(" LOST");
        }
        return b.toString();
    }

    private static String color(PacketRecord p) {
        if (p.isRetransmission()) {
            return RETRANSMIT;
        }
        TcpHeader t = p.tcp();
        if (t == null) {
            return p.side() == 0 ? DATA0 : DATA1;
        }
        if (t.has(TcpHeader.SYN) || t.has(TcpHeader.FIN) || t.has(TcpHeader.RST)) {
            return CONTROL;
        }
        if (t.payloadLength() == 0) {
            return ACK;
        }
        return p.side() == 0 ? DATA0 : DATA1;
    }

    /** "ESTABLISHED (RFC 9293 §3.10.7.3)" for a transition; the text itself for other events. */
    static String shortText(TimelineEvent e) {
        if (e.kind() == EventKind.STATE) {
            Matcher to = STATE.matcher(e.text());
            Matcher rule = RULE.matcher(e.text());
            if (to.find()) {
                return to.group(1) + (rule.find() ? " (" + rule.group(1) + ")" : "");
            }
        }
        return e.text();
    }

    private static double legend(Svg svg, double y, double width, boolean exact) {
        String[][] entries = {{DATA0, "data from the left"}, {DATA1, "data from the right"}, {ACK, "pure ACK"},
                {CONTROL, "SYN / FIN / RST"}, {RETRANSMIT, "retransmission, or lost (ends at a cross)"}};
        double x = MARGIN;
        for (String[] e : entries) {
            double w = 24 + Svg.textWidth(e[1], FONT) + 18;
            if (x + w > width - MARGIN) {
                x = MARGIN;
                y += LINE;
            }
            svg.line(x, y - 4, x + 18, y - 4, e[0], 2, null);
            svg.text(x + 24, y, e[1], FONT, "start", "#000", false);
            x += w;
        }
        y += LINE;
        svg.text(MARGIN, y, Svg.fit(exact ? "Vertical spacing follows time; long gaps are cut (marked +time)."
                : "Vertical spacing follows time; long gaps are cut (marked +time). \"RTX?\" marks a suspected"
                + " retransmission: a capture cannot see the cause.", width - 2 * MARGIN, FONT), FONT, "start", "#444",
                false);
        return y + LINE;
    }
}
