package org.margay.explain.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.margay.explain.capture.Conversations;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Endpoint;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Fate;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.model.Series;
import org.margay.explain.model.TcpHeader;
import org.margay.explain.passive.PassiveAnalyser;
import org.margay.explain.passive.RttSampler;
import org.margay.explain.passive.SequenceSpace;

/**
 * Turns a finished lab run into an {@link Explanation}: the frame log's packets grouped into conversations (sides
 * named after the hosts), the probes' events and series placed on their connections, lost packets marked, exact
 * RTT samples measured at each sender, and the passive analyser's wire findings (duplicate ACKs, windows, SACK)
 * added from side 0's point of view.
 */
public final class RunExplainer {
    private RunExplainer() {
    }

    /** Explains what {@code network} recorded, under {@code title}, with the applications' {@code summary}. */
    public static Explanation explain(LabNetwork network, String title, String source, List<String> summary) {
        FrameLog log = network.log();
        Conversations conversations = new Conversations(true, e -> hostName(network, e));
        for (PacketRecord p : log.packets()) {
            conversations.add(p);
        }
        Explanation x = new Explanation(title, source);
        for (LabHost h : network.hosts()) {
            if (h.hasStack()) {
                h.probe().finish(network.now());
            }
        }
        for (ConnectionTimeline c : conversations.all()) {
            c.originNanos(network.start());
            placeProbeRecords(network, c);
            markLosses(log, c);
            fragments(c);
            if (c.isTcp()) {
                exactRttSamples(c);
                List<PacketRecord> seenBySide0 = new ArrayList<>();
                for (PacketRecord p : c.packets()) {
                    if (p.side() == 0 || p.fate() == Fate.DELIVERED) {
                        seenBySide0.add(p);
                    }
                }
                seenBySide0.sort(Comparator.comparingLong(RunExplainer::timeAtSide0).thenComparingLong(PacketRecord::order));
                PassiveAnalyser.analyse(c, seenBySide0, RunExplainer::timeAtSide0,
                        (p, side) -> side == p.side() || p.fate() != Fate.DELIVERED ? p.sentNanos() : p.arrivedNanos(),
                        PassiveAnalyser.Options.simulation());
                fillRelative(c);
                x.summary().add("connection " + c.id() + ": " + counts(c));
            }
            x.connections().add(c);
        }
        x.summary().addAll(summary);
        List<long[]> duplicates = log.duplicates();
        if (!duplicates.isEmpty()) {
            x.summary().add("frames delivered more than once (duplicated by a link, or flooded by the switch to"
                    + " several hosts before it learned where a MAC address is): " + duplicates.size());
        }
        if (log.damaged() > 0) {
            x.summary().add("frames damaged on the way (dropped by a checksum): " + log.damaged());
        }
        return x;
    }

    /**
     * Gives relative numbers to the packets side 0 never saw (lost on their way to it), from the bases the analysis
     * found for each side's sequence space.
     */
    private static void fillRelative(ConnectionTimeline c) {
        long[] base = {-1, -1};
        long[] shift = {0, 0};
        for (PacketRecord p : c.packets()) {
            TcpHeader t = p.tcp();
            if (t != null && p.relativeSequence() >= 0 && base[p.side()] < 0) {
                base[p.side()] = (Integer.toUnsignedLong(t.sequence()) - p.relativeSequence()) & 0xFFFF_FFFFL;
            }
            if (t != null && p.scaledWindow() > 0 && t.window() > 0 && !t.has(TcpHeader.SYN)) {
                shift[p.side()] = Long.numberOfTrailingZeros(Long.highestOneBit(p.scaledWindow() / t.window()));
            }
        }
        for (PacketRecord p : c.packets()) {
            TcpHeader t = p.tcp();
            if (t == null || p.relativeSequence() >= 0 || base[p.side()] < 0) {
                continue;
            }
            long seq = (Integer.toUnsignedLong(t.sequence()) - base[p.side()]) & 0xFFFF_FFFFL;
            long ack = t.has(TcpHeader.ACK) && base[1 - p.side()] >= 0
                    ? (Integer.toUnsignedLong(t.acknowledgment()) - base[1 - p.side()]) & 0xFFFF_FFFFL : -1;
            long window = t.has(TcpHeader.SYN) ? t.window() : (long) t.window() << shift[p.side()];
            p.relative(seq, ack, window);
        }
    }

    private static long timeAtSide0(PacketRecord p) {
        return p.side() == 0 ? p.sentNanos() : p.arrivedNanos();
    }

    private static String hostName(LabNetwork network, Endpoint e) {
        for (LabHost h : network.hosts()) {
            if (h.address() == e.ip()) {
                return h.name();
            }
        }
        return org.margay.net.common.Ipv4Address.format(e.ip());
    }

    private static void placeProbeRecords(LabNetwork network, ConnectionTimeline c) {
        for (LabHost h : network.hosts()) {
            if (!h.hasStack()) {
                continue;
            }
            for (StackProbe.Watched w : h.probe().connections()) {
                int side = c.sideOf(w.local.ip(), w.local.port());
                if (side < 0 || !c.end(1 - side).equals(w.remote)) {
                    continue;
                }
                for (StackProbe.Recorded r : w.events) {
                    c.addEvent(r.time(), r.order(), side, r.kind(), r.text(), r.packet());
                }
                for (var e : w.series.entrySet()) {
                    Series from = e.getValue();
                    Series into = c.series(e.getKey(), side);
                    for (int i = 0; i < from.size(); i++) {
                        into.add(from.time(i), from.value(i));
                    }
                }
            }
        }
    }

    private static void markLosses(FrameLog log, ConnectionTimeline c) {
        for (PacketRecord p : c.packets()) {
            if (p.fate() == Fate.LOST) {
                String reason = log.dropReason(p.number());
                c.addEvent(p.sentNanos(), p.order(), p.side(), EventKind.LOSS, "packet #" + p.number() + " lost: "
                        + (reason != null ? reason : "dropped by the network (link loss or a full queue)"), p.number());
            }
        }
    }

    /**
     * Reassembly as the receiver saw it (RFC 791 §3.2): for each fragmented datagram, either every fragment arrived
     * and the datagram was rebuilt when the last one came, or one was lost and nothing is delivered (the receiver's
     * reassembly timer discards the rest, RFC 1122 §3.3.2).
     */
    private static void fragments(ConnectionTimeline c) {
        java.util.Map<String, List<PacketRecord>> datagrams = new java.util.LinkedHashMap<>();
        for (PacketRecord p : c.packets()) {
            if (p.ip().isFragment()) {
                datagrams.computeIfAbsent(p.side() + ":" + p.ip().identification(), k -> new ArrayList<>()).add(p);
            }
        }
        for (List<PacketRecord> parts : datagrams.values()) {
            PacketRecord first = parts.get(0);
            int receiver = 1 - first.side();
            long last = Long.MIN_VALUE;
            long order = 0;
            int bytes = 0;
            List<String> lost = new ArrayList<>();
            for (PacketRecord p : parts) {
                bytes += p.ip().totalLength() - 20;
                if (p.fate() == Fate.DELIVERED) {
                    if (p.arrivedNanos() >= last) {
                        last = p.arrivedNanos();
                        order = p.order();
                    }
                } else {
                    lost.add("offset " + p.ip().fragmentOffset());
                }
            }
            String id = "datagram id " + first.ip().identification();
            if (lost.isEmpty()) {
                c.addEvent(last, order, receiver, EventKind.INFO, id + ": " + parts.size() + " fragments reassembled, "
                        + bytes + " bytes delivered (RFC 791 §3.2)", 0);
            } else {
                c.addEvent(last == Long.MIN_VALUE ? first.sentNanos() : last, order, receiver, EventKind.INFO, id
                        + ": fragment at " + String.join(", ", lost).replace("offset ", "") + " lost, nothing delivered;"
                        + " the fragments held are discarded when the reassembly timer expires (RFC 1122 §3.3.2)", 0);
            }
        }
    }

    /**
     * RTT samples at each sender: from sending new sequence space to the arrival, at that sender, of the first ACK
     * covering it; never for space sent twice (Karn, RFC 6298 §3).
     */
    private static void exactRttSamples(ConnectionTimeline c) {
        for (int s = 0; s < 2; s++) {
            record Moment(long time, long order, PacketRecord packet, boolean send) {
            }
            List<Moment> moments = new ArrayList<>();
            for (PacketRecord p : c.packets()) {
                if (!p.isTcp()) {
                    continue;
                }
                if (p.side() == s) {
                    moments.add(new Moment(p.sentNanos(), p.order(), p, true));
                } else if (p.fate() == Fate.DELIVERED && p.tcp().has(TcpHeader.ACK)) {
                    moments.add(new Moment(p.arrivedNanos(), p.order(), p, false));
                }
            }
            moments.sort(Comparator.comparingLong(Moment::time).thenComparingLong(Moment::order));
            SequenceSpace space = new SequenceSpace();
            RttSampler sampler = new RttSampler();
            long highest = Long.MIN_VALUE;
            for (Moment m : moments) {
                TcpHeader t = m.packet().tcp();
                if (m.send()) {
                    long seq = space.unwrap(t.sequence());
                    long end = seq + t.sequenceLength();
                    sampler.sent(seq, end, m.time(), seq >= highest);
                    highest = Math.max(highest, end);
                } else if (space.started()) {
                    long sample = sampler.acknowledged(space.unwrap(t.acknowledgment()), m.time());
                    if (sample >= 0) {
                        c.series(Metric.RTT_SAMPLE, s).add(m.time(), sample);
                    }
                }
            }
        }
    }

    /** "24 segments, 1 lost; retransmissions 1 (fast 1); duplicate ACKs 3". */
    public static String counts(ConnectionTimeline c) {
        int segments = 0;
        int lost = 0;
        int dupAcks = 0;
        int[] causes = new int[RetransmitCause.values().length];
        int retransmissions = 0;
        for (PacketRecord p : c.packets()) {
            if (!p.isTcp()) {
                continue;
            }
            segments++;
            if (p.fate() == Fate.LOST) {
                lost++;
            }
            if (p.cause() != null) {
                retransmissions++;
                causes[p.cause().ordinal()]++;
            }
            if (p.findings().contains(org.margay.explain.model.Finding.DUP_ACK)) {
                dupAcks++;
            }
        }
        StringBuilder b = new StringBuilder().append(segments).append(" segments, ").append(lost).append(" lost");
        b.append("; retransmissions ").append(retransmissions);
        if (retransmissions > 0) {
            StringBuilder detail = new StringBuilder();
            for (RetransmitCause cause : RetransmitCause.values()) {
                if (causes[cause.ordinal()] > 0) {
                    detail.append(detail.isEmpty() ? "" : ", ").append(cause.text()).append(' ')
                            .append(causes[cause.ordinal()]);
                }
            }
            b.append(" (").append(detail).append(')');
        }
        b.append("; duplicate ACKs ").append(dupAcks);
        return b.toString();
    }
}
