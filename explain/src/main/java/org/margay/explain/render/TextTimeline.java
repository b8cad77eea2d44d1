package org.margay.explain.render;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Fate;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.Text;
import org.margay.explain.model.TimelineEvent;

/**
 * Prints an explanation as text: the notes, then each conversation's life as lines in time order
 * ({@code time  side  kind  what}), events and (optionally) every packet, then the summary.
 */
public final class TextTimeline {
    private final boolean packets;
    private final int connection;

    /**
     * A printer; {@code packets} prints a line per packet besides the events; {@code connection} limits the
     * output to one conversation (0 for all).
     */
    public TextTimeline(boolean packets, int connection) {
        this.packets = packets;
        this.connection = connection;
    }

    /** Prints {@code x} to {@code out}. */
    public void print(Explanation x, PrintStream out) {
        out.println("margay explain: " + x.title() + " (" + x.source() + ")");
        for (String note : x.notes()) {
            out.println();
            for (String line : wrap(note, 100)) {
                out.println("  " + line);
            }
        }
        for (ConnectionTimeline c : x.connections()) {
            if (connection != 0 && c.id() != connection) {
                continue;
            }
            out.println();
            print(c, out);
        }
        out.println();
        for (String line : x.summary()) {
            out.println(line);
        }
    }

    /** Prints one conversation. */
    public void print(ConnectionTimeline c, PrintStream out) {
        out.println("connection " + c.id() + ": " + c.title() + (c.live() != null ? " [" + c.live() + "]"
                : c.exact() ? " [from the stack: exact]" : " [from the capture: inferred]"));
        if (!c.vantage().isEmpty()) {
            out.println("  " + c.vantage());
        }
        int width = Math.max(c.name(0).length(), c.name(1).length());
        record Line(long time, long order, String text) {
        }
        List<Line> lines = new ArrayList<>();
        long origin = c.originNanos();
        for (TimelineEvent e : c.events()) {
            String side = e.side() < 0 ? "" : c.name(e.side());
            lines.add(new Line(e.timeNanos(), e.order(), format(e.timeNanos() - origin, side, width, kind(e.kind()),
                    e.text())));
        }
        if (packets || !c.isTcp()) {
            for (PacketRecord p : c.packets()) {
                String arrow = "#" + p.number() + " " + SegmentText.describe(p);
                if (p.fate() == Fate.DELIVERED) {
                    arrow += "  (arrives +" + Text.duration(p.arrivedNanos() - p.sentNanos()) + ")";
                } else if (p.fate() == Fate.LOST) {
                    arrow += "  (LOST)";
                }
                String tags = SegmentText.tags(p);
                if (!tags.isEmpty()) {
                    arrow += "  [" + tags + "]";
                }
                lines.add(new Line(p.sentNanos(), p.order(), format(p.sentNanos() - origin, c.name(p.side()), width,
                        "send", arrow)));
            }
        }
        lines.sort(Comparator.comparingLong(Line::time).thenComparingLong(Line::order));
        for (Line line : lines) {
            out.println(line.text());
        }
    }

    private static String format(long t, String side, int width, String kind, String text) {
        return String.format(java.util.Locale.ROOT, "  %10s  %-" + width + "s  %-6s %s", Text.seconds(t), side, kind,
                text);
    }

    private static String kind(EventKind k) {
        return switch (k) {
            case STATE -> "state";
            case RETRANSMISSION -> "rtx";
            case LOSS -> "loss";
            case DUP_ACK -> "dupack";
            case OUT_OF_ORDER -> "ooo";
            case WINDOW -> "window";
            case PROBE -> "probe";
            case KEEP_ALIVE -> "alive";
            case CONGESTION -> "cc";
            case TIMER -> "timer";
            case SACK -> "sack";
            case INFO -> "info";
        };
    }

    /** Splits a paragraph into lines of at most {@code width} characters at spaces. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (!line.isEmpty()) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }
}
