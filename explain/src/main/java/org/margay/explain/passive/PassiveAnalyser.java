package org.margay.explain.passive;

import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Finding;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;
import org.margay.explain.model.Text;

/**
 * The passive analyser: reads one TCP connection's segments in the order one observer saw them and reasons in
 * sequence space (RFC 9293 §3.4) about each: retransmissions (fast, spurious), out-of-order segments, duplicate
 * ACKs (RFC 5681 §2), zero windows and probes (RFC 9293 §3.8.6), window updates and full windows, keep-alives
 * (RFC 9293 §3.8.4), gaps in the capture. It also measures the handshake RTT, RTT samples (Karn, RFC 6298 §3),
 * bytes in flight, the SACK scoreboard (RFC 2018, RFC 6675) and, for captures, infers both ends' RFC 9293 states.
 *
 * <p>The categories and their tests follow the meaning of tshark's TCP analysis, so the two can be compared
 * frame by frame; the rules are stated here on RFC quantities:
 * <ul>
 *   <li>retransmission: the segment occupies sequence space and starts below the highest sequence sent
 *       (NXT);</li>
 *   <li>fast: ... the peer sent at least two duplicate ACKs for exactly SEG.SEQ, the last less than 20 ms
 *       before;</li>
 *   <li>spurious (else): ... and all of it is below the peer's cumulative ACK;</li>
 *   <li>out-of-order (else): ... NXT moved less than one handshake RTT before (3 ms when the RTT is not known), so the
 *       segment was overtaken rather than sent again;</li>
 *   <li>duplicate ACK: no payload, no SYN/FIN/RST, same ACK, same non-zero window, SEG.SEQ at NXT;</li>
 *   <li>keep-alive: at most one byte at NXT − 1; zero-window probe: one byte at NXT into a zero window.</li>
 * </ul>
 * Cold path; one instance per connection.
 */
public final class PassiveAnalyser {
    /** How recent the peer's duplicate ACKs must be for a retransmission to count as fast. */
    public static final long FAST_RETRANSMIT_NANOS = 20_000_000L;
    /** The out-of-order window when the handshake RTT is unknown. */
    public static final long DEFAULT_REORDER_NANOS = 3_000_000L;

    /**
     * What to produce besides the per-packet findings.
     *
     * @param inferStates           add inferred state transitions (captures; a simulation has the real ones)
     * @param retransmissionEvents  add events for suspected retransmissions (a simulation has exact ones)
     * @param metrics               add RTT samples and bytes in flight (a simulation samples the stack instead)
     */
    public record Options(boolean inferStates, boolean retransmissionEvents, boolean metrics) {
        /** Everything: for captures. */
        public static Options capture() {
            return new Options(true, true, true);
        }

        /** Findings, window, SACK and probe events only: for simulations, whose stack reports the rest. */
        public static Options simulation() {
            return new Options(false, false, false);
        }
    }

    private final ConnectionTimeline timeline;
    private final Options options;
    private final Direction[] directions = {new Direction(), new Direction()};
    private final StateInference states;
    private long synTime = Long.MIN_VALUE;
    private long synAckTime = Long.MIN_VALUE;
    private boolean handshakeDone;
    private boolean scalingSettled;
    private long reorderWindow = DEFAULT_REORDER_NANOS;
    private long lastTime;
    private long order;
    private java.util.function.ToLongBiFunction<PacketRecord, Integer> eventTime;
    private PacketRecord current;

    private PassiveAnalyser(ConnectionTimeline timeline, Options options) {
        this.timeline = timeline;
        this.options = options;
        this.states = new StateInference(timeline);
    }

    /**
     * Analyses {@code order} (the connection's TCP packets in the order the observer saw them, each with its side
     * set) with {@code time} giving the moment the observer saw each one.
     */
    public static void analyse(ConnectionTimeline timeline, List<PacketRecord> order, ToLongFunction<PacketRecord> time,
                               Options options) {
        analyse(timeline, order, time, null, options);
    }

    /**
     * As {@link #analyse(ConnectionTimeline, List, ToLongFunction, Options)}, placing each event about a packet at
     * {@code eventTime(packet, side)} (the time at the side the event belongs to) rather than at the observer's
     * time; null keeps the observer's time.
     */
    public static void analyse(ConnectionTimeline timeline, List<PacketRecord> order, ToLongFunction<PacketRecord> time,
                               java.util.function.ToLongBiFunction<PacketRecord, Integer> eventTime, Options options) {
        PassiveAnalyser analyser = new PassiveAnalyser(timeline, options);
        analyser.eventTime = eventTime;
        for (PacketRecord p : order) {
            if (p.isTcp()) {
                analyser.onSegment(p, time.applyAsLong(p));
            }
        }
        analyser.finish();
    }

    private void onSegment(PacketRecord p, long t) {
        lastTime = t;
        order = p.order();
        current = p;
        int s = p.side();
        Direction d = directions[s];
        Direction o = directions[1 - s];
        TcpHeader h = p.tcp();
        boolean syn = h.has(TcpHeader.SYN);
        boolean fin = h.has(TcpHeader.FIN);
        boolean rst = h.has(TcpHeader.RST);
        boolean ackFlag = h.has(TcpHeader.ACK);
        boolean plain = !syn && !fin && !rst;

        if (syn && d.baseSet && (d.rstSeen || o.rstSeen || d.finSeen && o.finSeen)
                && (d.synSeen ? h.sequence() != (int) d.isn : true)) {
            restart(t, s, p.number()); // RFC 9293 §3.4: a new incarnation of the connection
        }
        long seq = d.space.unwrap(h.sequence());
        if (syn && !d.synSeen) {
            d.synSeen = true;
            d.isn = seq;
            d.base = seq;
            d.baseSet = true;
            d.offeredShift = h.windowScale();
        }
        if (!d.baseSet) {
            d.base = seq;
            d.baseSet = true;
        }
        long ack = 0;
        if (ackFlag) {
            ack = o.space.unwrap(h.acknowledgment());
            if (!o.baseSet) {
                o.base = ack;
                o.baseSet = true;
            }
        }
        settleScaling();
        // RFC 7323 §2.2: the window of a SYN is never scaled.
        long window = syn ? h.window() : (long) h.window() << d.shift;
        int len = h.payloadLength();
        int seqLen = h.sequenceLength();
        p.relative(d.relative(seq), ackFlag ? o.relative(ack) : -1, window);
        handshake(p, s, t, syn, ackFlag, ack);

        Set<Finding> f = p.findings();
        boolean stop = false;
        if (d.nextSet && seq == d.nextSeq && len == 1 && o.windowSeen && o.lastWindow == 0) {
            f.add(Finding.ZERO_WINDOW_PROBE);
            stop = true;
        }
        if (h.window() == 0 && plain) {
            f.add(Finding.ZERO_WINDOW);
        }
        if (d.nextSet && seq > d.nextSeq && !rst) {
            f.add(Finding.PREVIOUS_SEGMENT_NOT_CAPTURED);
        }
        if (!stop && len <= 1 && plain && d.nextSet && seq == d.nextSeq - 1) {
            f.add(Finding.KEEP_ALIVE);
            stop = true;
        }
        boolean sameAck = ackFlag && d.ackSeen && ack == d.lastAck;
        boolean atNext = d.nextSet && seq == d.nextSeq;
        if (!stop && len == 0 && plain && sameAck && atNext && d.windowSeen && window != d.lastWindow) {
            f.add(Finding.WINDOW_UPDATE);
        }
        if (!stop && len > 0 && plain && o.ackSeen && o.windowSeen && seq + len == o.lastAck + o.lastWindow) {
            f.add(Finding.WINDOW_FULL);
        }
        boolean bareRepeat = !stop && len == 0 && plain && sameAck && atNext && d.windowSeen && window == d.lastWindow;
        if (bareRepeat && o.lastWasKeepAlive && window != 0) {
            f.add(Finding.KEEP_ALIVE_ACK);
            stop = true;
        } else if (bareRepeat && o.lastWasProbe) {
            f.add(Finding.ZERO_WINDOW_PROBE_ACK);
            stop = true;
        } else if (bareRepeat && window != 0) {
            d.dupAcks++;
            f.add(Finding.DUP_ACK);
            p.dupAckNumber(d.dupAcks);
        }
        if (ackFlag && !sameAck) {
            d.dupAcks = 0;
        }
        long previousNext = d.nextSet ? d.nextSeq : seq;
        if (!stop && seqLen > 0 && d.nextSet && seq < d.nextSeq && p.cause() != null) {
            f.add(Finding.RETRANSMISSION); // the stack said so: no need to guess which kind
        } else if (!stop && seqLen > 0 && d.nextSet && seq < d.nextSeq) {
            if (o.dupAcks >= 2 && o.ackSeen && o.lastAck == seq && t - o.lastAckTime < FAST_RETRANSMIT_NANOS) {
                f.add(Finding.FAST_RETRANSMISSION);
                f.add(Finding.RETRANSMISSION);
            } else if (len > 0 && o.ackSeen && seq + seqLen <= o.lastAck) {
                f.add(Finding.SPURIOUS_RETRANSMISSION);
                f.add(Finding.RETRANSMISSION);
            } else if (t - d.nextSeqTime < reorderWindow && d.nextSeq != seq + seqLen) {
                f.add(Finding.OUT_OF_ORDER);
            } else {
                f.add(Finding.RETRANSMISSION);
            }
        }
        // Move NXT (probes and keep-alives leave it: they repeat or borrow a byte).
        if (!d.nextSet) {
            d.nextSet = true;
            d.nextSeq = seq + (stop ? 0 : seqLen);
            d.nextSeqTime = t;
        } else if (!stop && seqLen > 0 && seq + seqLen > d.nextSeq) {
            d.nextSeq = seq + seqLen;
            d.nextSeqTime = t;
        }
        if (ackFlag && o.nextSet && ack > o.nextSeq) {
            f.add(Finding.ACKED_UNSEEN_SEGMENT);
        }
        if (fin && !d.finSeen) {
            d.finSeen = true;
            d.finSeq = seq + len;
        }
        if (rst) {
            d.rstSeen = true;
        }
        d.payloadBytes += len;
        d.lastWasKeepAlive = f.contains(Finding.KEEP_ALIVE);
        d.lastWasProbe = f.contains(Finding.ZERO_WINDOW_PROBE);

        boolean wasZero = d.windowSeen && d.zeroWindow;
        long oldWindow = d.lastWindow;
        if (ackFlag) {
            d.lastAck = ack;
            d.lastAckTime = t; // every ACK, so "recent duplicate ACKs" measures from the latest
        }
        d.ackSeen |= ackFlag;
        d.lastWindow = window;
        d.windowSeen = true;
        d.zeroWindow = h.window() == 0 && !rst;

        sack(p, s, t, ackFlag, ack);
        if (options.metrics()) {
            metrics(p, s, t, seq, seqLen, previousNext, ackFlag, ack, stop);
        }
        timeline.series(Metric.RECEIVE_WINDOW, s).add(t, window);
        if (options.inferStates()) {
            states.onSegment(t, p.order(), s, h, seq, ack, p.number());
        }
        events(p, s, t, wasZero, oldWindow);
    }

    /** Adds an event about the current packet at the time it happened at {@code side}. */
    private void event(long t, int side, EventKind kind, String text, int packet) {
        long when = eventTime != null && side >= 0 && packet == current.number()
                ? eventTime.applyAsLong(current, side) : t;
        timeline.addEvent(when, order, side, kind, text, packet);
    }

    /** Once both SYNs are seen: window scaling is on only if both offered it (RFC 7323 §2.2); shifts cap at 14. */
    private void settleScaling() {
        Direction a = directions[0];
        Direction b = directions[1];
        if (scalingSettled || !a.synSeen || !b.synSeen) {
            return;
        }
        scalingSettled = true;
        boolean on = a.offeredShift >= 0 && b.offeredShift >= 0;
        a.shift = on ? Math.min(a.offeredShift, 14) : 0;
        b.shift = on ? Math.min(b.offeredShift, 14) : 0;
    }

    private void handshake(PacketRecord p, int s, long t, boolean syn, boolean ackFlag, long ack) {
        TcpHeader h = p.tcp();
        if (syn && !ackFlag && synTime == Long.MIN_VALUE) {
            synTime = t;
        } else if (syn && ackFlag && synAckTime == Long.MIN_VALUE && synTime != Long.MIN_VALUE) {
            synAckTime = t;
        } else if (!syn && ackFlag && !handshakeDone && synAckTime != Long.MIN_VALUE
                && directions[1 - s].synSeen && ack == directions[1 - s].isn + 1 && !h.has(TcpHeader.RST)) {
            handshakeDone = true;
            long rtt = t - synTime;
            timeline.handshakeRttNanos(rtt);
            if (rtt > 0) {
                reorderWindow = rtt;
            }
            // The capture point is nearer the end whose two segments are closer together in time.
            int near = synAckTime - synTime >= t - synAckTime ? s : 1 - s;
            timeline.farOneWayNanos(Math.max(synAckTime - synTime, t - synAckTime) / 2);
            if (!timeline.exact()) {
                timeline.vantage("captured near " + timeline.end(near) + " (" + timeline.name(near) + "): "
                        + "SYN to SYN-ACK " + Text.duration(synAckTime - synTime) + ", SYN-ACK to ACK "
                        + Text.duration(t - synAckTime));
            }
            event(t, -1, EventKind.INFO, "handshake complete: RTT " + Text.duration(rtt)
                    + " (SYN to the ACK of the SYN-ACK, RFC 9293 §3.5)", p.number());
        }
    }

    private void sack(PacketRecord p, int s, long t, boolean ackFlag, long ack) {
        TcpHeader h = p.tcp();
        if (!ackFlag || h.sackBlockCount() == 0) {
            if (ackFlag && directions[1 - s].sacked.advance(ack)) {
                scoreboardEvent(p, s, t);
            }
            return;
        }
        Direction sender = directions[1 - s]; // the SACK blocks describe the peer's data
        boolean changed = false;
        for (int i = 0; i < h.sackBlockCount(); i++) {
            long left = sender.space.unwrap(h.sackLeft(i));
            long right = sender.space.unwrap(h.sackRight(i));
            // RFC 2883 §4: a first block below the cumulative ACK, or inside the second block, reports a duplicate.
            boolean duplicate = i == 0 && (right <= ack || h.sackBlockCount() > 1
                    && left >= sender.space.unwrap(h.sackLeft(1)) && right <= sender.space.unwrap(h.sackRight(1)));
            if (duplicate) {
                event(t, s, EventKind.SACK, "D-SACK: " + sender.relative(left) + "-"
                        + sender.relative(right) + " arrived twice (RFC 2883 §4)", p.number());
                continue;
            }
            changed |= sender.sacked.add(left, right);
        }
        changed |= sender.sacked.advance(ack);
        if (changed) {
            scoreboardEvent(p, s, t);
        }
    }

    private void scoreboardEvent(PacketRecord p, int s, long t) {
        Direction sender = directions[1 - s];
        String board = sender.sacked.isEmpty() ? "empty: the cumulative ACK covers every SACKed range"
                : sender.sacked.describe(sender.base) + " (" + sender.sacked.size() + " range"
                + (sender.sacked.size() == 1 ? "" : "s") + ", " + sender.sacked.bytes() + " bytes above the ACK)";
        event(t, 1 - s, EventKind.SACK, "SACK scoreboard: " + board + " (RFC 2018 §4, RFC 6675 §4)",
                p.number());
    }

    private void metrics(PacketRecord p, int s, long t, long seq, int seqLen, long previousNext, boolean ackFlag,
                         long ack, boolean probe) {
        Direction d = directions[s];
        Direction o = directions[1 - s];
        if (seqLen > 0 && !probe) {
            d.rtt.sent(seq, seq + seqLen, t, seq >= previousNext);
        }
        if (ackFlag) {
            long sample = o.rtt.acknowledged(ack, t);
            if (sample >= 0) {
                timeline.series(Metric.RTT_SAMPLE, 1 - s).add(t, sample);
            }
        }
        for (int side = 0; side < 2; side++) {
            Direction x = directions[side];
            Direction peer = directions[1 - side];
            if (x.nextSet && peer.ackSeen && x.payloadBytes > 0) {
                long flight = Math.max(0, x.nextSeq - peer.lastAck - x.sacked.bytes());
                timeline.series(Metric.IN_FLIGHT, side).add(t, flight);
            }
        }
    }

    private void events(PacketRecord p, int s, long t, boolean wasZero, long oldWindow) {
        Set<Finding> f = p.findings();
        TcpHeader h = p.tcp();
        int n = p.number();
        String range = range(p);
        if (options.retransmissionEvents()) {
            if (f.contains(Finding.SPURIOUS_RETRANSMISSION)) {
                event(t, s, EventKind.RETRANSMISSION, "spurious retransmission of " + range
                        + ": the peer had already acknowledged it", n);
            } else if (f.contains(Finding.FAST_RETRANSMISSION)) {
                event(t, s, EventKind.RETRANSMISSION, "fast retransmission of " + range
                        + " after duplicate ACKs (RFC 5681 §3.2) [suspected]", n);
            } else if (f.contains(Finding.RETRANSMISSION)) {
                event(t, s, EventKind.RETRANSMISSION, "retransmission of " + range
                        + " (sent before; timeout or loss recovery, RFC 6298 §5) [suspected]", n);
            }
        }
        if (f.contains(Finding.OUT_OF_ORDER)) {
            event(t, s, EventKind.OUT_OF_ORDER, "out-of-order segment " + range
                    + ": below the highest sequence sent, too soon to be a retransmission", n);
        }
        if (f.contains(Finding.DUP_ACK)) {
            event(t, s, EventKind.DUP_ACK, "duplicate ACK #" + p.dupAckNumber() + " of "
                    + p.relativeAcknowledgment() + " (RFC 5681 §2): a segment above it arrived, one is missing", n);
        }
        if (f.contains(Finding.ZERO_WINDOW) && !wasZero) {
            event(t, s, EventKind.WINDOW, "advertises a zero window: the peer must stop sending"
                    + " (RFC 9293 §3.8.6)", n);
        } else if (wasZero && h.window() != 0 && !h.has(TcpHeader.RST)) {
            event(t, s, EventKind.WINDOW, "window opens again: " + Text.bytes(p.scaledWindow())
                    + " bytes (RFC 9293 §3.8.6.2.2)", n);
        } else if (f.contains(Finding.WINDOW_UPDATE)) {
            event(t, s, EventKind.WINDOW, "window update " + Text.bytes(oldWindow) + " -> "
                    + Text.bytes(p.scaledWindow()) + " bytes (RFC 9293 §3.8.6.2.2)", n);
        }
        if (f.contains(Finding.WINDOW_FULL)) {
            event(t, s, EventKind.WINDOW, "segment " + range + " fills the peer's window exactly", n);
        }
        if (f.contains(Finding.ZERO_WINDOW_PROBE) && options.retransmissionEvents()) {
            event(t, s, EventKind.PROBE, "zero-window probe: one byte into a closed window"
                    + " (RFC 9293 §3.8.6.1)", n);
        }
        if (f.contains(Finding.KEEP_ALIVE) && options.retransmissionEvents()) {
            event(t, s, EventKind.KEEP_ALIVE, "keep-alive: a byte already acknowledged, to elicit an ACK"
                    + " (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6)", n);
        }
        if (f.contains(Finding.PREVIOUS_SEGMENT_NOT_CAPTURED)) {
            event(t, s, EventKind.INFO, "sequence numbers jump: earlier segments were not captured", n);
        }
        if (f.contains(Finding.ACKED_UNSEEN_SEGMENT)) {
            event(t, s, EventKind.INFO, "acknowledges data the capture did not see", n);
        }
    }

    /** "seq 1449-2897" (relative, end exclusive). */
    static String range(PacketRecord p) {
        long start = p.relativeSequence();
        return "seq " + start + "-" + (start + p.tcp().sequenceLength());
    }

    private void restart(long t, int s, int packet) {
        directions[0].reset();
        directions[1].reset();
        states.reset();
        scalingSettled = false;
        synTime = Long.MIN_VALUE;
        synAckTime = Long.MIN_VALUE;
        handshakeDone = false;
        reorderWindow = DEFAULT_REORDER_NANOS;
        event(t, s, EventKind.INFO, "a new connection reuses the same ports (RFC 9293 §3.4)", packet);
    }

    private void finish() {
        if (options.inferStates()) {
            for (int side = 0; side < 2; side++) {
                if (states.state(side) == org.margay.net.tcp.engine.TcpState.TIME_WAIT) {
                    timeline.addEvent(lastTime, order, side, EventKind.INFO, "stays in TIME-WAIT for 2×MSL"
                            + " (RFC 9293 §3.10.8): nothing on the wire shows its end", 0);
                }
            }
        }
    }
}
