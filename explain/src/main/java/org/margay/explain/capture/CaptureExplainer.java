package org.margay.explain.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Fate;
import org.margay.explain.model.Finding;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.passive.PassiveAnalyser;
import org.margay.pcap.CaptureFormatException;
import org.margay.pcap.CaptureReader;

/**
 * Explains a capture from elsewhere: reads every frame (pcap or pcapng, any link type the dissector knows),
 * keeps the IPv4 packets, sorts them into conversations, runs the {@link PassiveAnalyser} on each TCP
 * connection, and estimates each packet's send and arrival times at the two ends from the capture point and
 * the handshake RTT (for the ladder diagram).
 *
 * <p>A damaged file is explained up to the damage; the problem is reported in the summary, never thrown.
 */
public final class CaptureExplainer {
    private CaptureExplainer() {
    }

    /** The packets of a capture file and the problem that stopped reading early (empty when none). */
    public record Loaded(List<PacketRecord> packets, int frames, String problem) {
    }

    /**
     * Reads {@code file}: every well-formed IPv4 packet, numbered by frame. A malformed or cut file gives the packets
     * before the damage and the problem; only a file that cannot be read at all throws.
     */
    public static Loaded load(Path file) throws IOException {
        List<PacketRecord> packets = new ArrayList<>();
        Dissector dissector = new Dissector(false);
        String problem = "";
        int frame = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            while (reader.next()) {
                frame++;
                Dissection d = dissector.dissect(reader.linkType(), reader.buffer(), reader.dataOffset(),
                        reader.capturedLength(), reader.originalLength());
                long nanos = reader.timestampSeconds() * 1_000_000_000L + reader.timestampNanos();
                PacketRecord p = PacketParser.captured(d, frame, nanos);
                if (p != null) {
                    packets.add(p);
                }
            }
        } catch (CaptureFormatException e) {
            problem = e.getMessage(); // the frames before the damage are kept
        }
        return new Loaded(packets, frame, problem);
    }

    /** Explains {@code file}. */
    public static Explanation explain(Path file) throws IOException {
        Loaded loaded = load(file);
        Explanation x = explain(loaded.packets(), file.getFileName().toString());
        x.summary().add(0, "frames: " + loaded.frames() + ", IPv4 packets: " + loaded.packets().size());
        if (!loaded.problem().isEmpty()) {
            x.summary().add("the file is damaged " + loaded.problem() + "; explained up to there");
        }
        return x;
    }

    /** Explains captured packets (in capture order) from a source called {@code name}. */
    public static Explanation explain(List<PacketRecord> packets, String name) {
        Conversations conversations = new Conversations(false);
        for (PacketRecord p : packets) {
            conversations.add(p);
        }
        Explanation x = new Explanation("capture " + name, name);
        for (ConnectionTimeline c : conversations.all()) {
            if (c.isTcp()) {
                PassiveAnalyser.analyse(c, c.packets(), PacketRecord::capturedNanos, PassiveAnalyser.Options.capture());
                estimateTimes(c);
                x.summary().add("connection " + c.id() + ": " + counts(c));
            }
            x.connections().add(c);
        }
        return x;
    }

    /**
     * Places each captured packet between its two ends: the capture point is near one end (see the analyser's
     * vantage), so packets from that end were sent at capture time and arrive one far one-way delay later (half
     * the handshake's longer leg), and packets from the far end were sent that long before they were captured. Without a handshake the times stay the
     * capture time.
     */
    public static void estimateTimes(ConnectionTimeline c) {
        int near = nearSide(c);
        long half = Math.max(0, c.farOneWayNanos());
        long origin = Long.MAX_VALUE;
        java.util.Map<Integer, PacketRecord> byNumber = new java.util.HashMap<>();
        for (PacketRecord p : c.packets()) {
            byNumber.put(p.number(), p);
            if (p.fate() != Fate.CAPTURED) {
                continue;
            }
            long t = p.capturedNanos();
            if (near < 0 || half == 0) {
                p.estimateTimes(t, t);
            } else if (p.side() == near) {
                p.estimateTimes(t, t + half);
            } else {
                p.estimateTimes(t - half, t);
            }
            origin = Math.min(origin, p.sentNanos());
        }
        if (origin != Long.MAX_VALUE) {
            c.originNanos(origin);
        }
        if (near >= 0 && half > 0) {
            // An event of one side about a packet happens when that side sent or received it.
            c.replaceEvents(e -> {
                PacketRecord p = e.packet() > 0 ? byNumber.get(e.packet()) : null;
                if (p == null || e.side() < 0) {
                    return e;
                }
                long at = e.side() == p.side() ? p.sentNanos() : p.arrivedNanos();
                return new org.margay.explain.model.TimelineEvent(at, e.order(), e.side(), e.kind(), e.text(),
                        e.packet());
            });
        }
    }

    /** The side the capture point is near, from the vantage text, or -1. */
    private static int nearSide(ConnectionTimeline c) {
        String v = c.vantage();
        for (int s = 0; s < 2; s++) {
            if (v.startsWith("captured near " + c.end(s) + " ")) {
                return s;
            }
        }
        return -1;
    }

    /** "12 segments; retransmissions 3 (fast 1, spurious 0); duplicate ACKs 4; ..." */
    public static String counts(ConnectionTimeline c) {
        int segments = 0;
        int[] n = new int[Finding.values().length];
        for (PacketRecord p : c.packets()) {
            if (!p.isTcp()) {
                continue;
            }
            segments++;
            for (Finding f : p.findings()) {
                n[f.ordinal()]++;
            }
        }
        StringBuilder b = new StringBuilder().append(segments).append(" segments");
        b.append("; retransmissions ").append(n[Finding.RETRANSMISSION.ordinal()]).append(" (fast ")
                .append(n[Finding.FAST_RETRANSMISSION.ordinal()]).append(", spurious ")
                .append(n[Finding.SPURIOUS_RETRANSMISSION.ordinal()]).append(')');
        b.append("; duplicate ACKs ").append(n[Finding.DUP_ACK.ordinal()]);
        b.append("; out-of-order ").append(n[Finding.OUT_OF_ORDER.ordinal()]);
        b.append("; zero windows ").append(n[Finding.ZERO_WINDOW.ordinal()]);
        for (Finding f : new Finding[] {Finding.ZERO_WINDOW_PROBE, Finding.WINDOW_FULL, Finding.WINDOW_UPDATE,
                Finding.KEEP_ALIVE, Finding.PREVIOUS_SEGMENT_NOT_CAPTURED, Finding.ACKED_UNSEEN_SEGMENT}) {
            if (n[f.ordinal()] > 0) {
                b.append("; ").append(f.text()).append(' ').append(n[f.ordinal()]);
            }
        }
        if (c.handshakeRttNanos() >= 0) {
            b.append("; handshake RTT ").append(org.margay.explain.model.Text.duration(c.handshakeRttNanos()));
        }
        return b.toString();
    }
}
