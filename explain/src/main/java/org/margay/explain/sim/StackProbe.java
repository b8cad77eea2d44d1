package org.margay.explain.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.margay.explain.model.Endpoint;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.model.Series;
import org.margay.explain.model.TcpHeader;
import org.margay.explain.model.Text;
import org.margay.explain.passive.SequenceSpace;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpLayer;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.tcp.engine.TcpStats;

/**
 * Watches one host's TCP layer during a lab run and writes down what the stack did and why:
 * <ul>
 *   <li>every state transition, with the engine's own reason (the layer's {@code TcpTransitionObserver});</li>
 *   <li>after every poll, each connection's gauges and counters ({@link TcpStats}): cwnd, ssthresh, SRTT, RTO,
 *       bytes in flight as series, and as events the changes that teach something (loss responses, slow start
 *       ending, the retransmission timer firing, recovery episodes, D-SACKs, challenge ACKs, probes);</li>
 *   <li>for every outgoing segment that resends sequence space, its cause, read from which retransmission
 *       counter moved in the same poll (the counters move just before the device sees the segment).</li>
 * </ul>
 * Until the engine reports causes per segment (requested of net-tcp), a poll that retransmits for two different
 * causes at once is attributed in the fixed order SYN, TLP, RACK, fast, RTO.
 *
 * <p>Where things go is the {@link Sink}'s business: by default each connection keeps its events and series in
 * memory (a lab run); a live capture's event log streams them to a file instead and has the probe
 * {@linkplain #forgetClosed(boolean) forget} connections once closed, so a long-running stack stays bounded. Per
 * segment ({@link #onSegmentSent}, {@link #sample(int, int, int, int, long)}) nothing is allocated unless an
 * event is written. Single-threaded: the stack's thread.
 */
public final class StackProbe {
    private static final int RTO = 0;
    private static final int FAST = 1;
    private static final int RACK = 2;
    private static final int TLP = 3;
    private static final int SYN = 4;
    private static final int PROBE = 5;
    private static final int KEEP_ALIVE = 6;
    private static final int EXPIRY = 7;
    private static final int RECOVERY = 8;
    private static final int DSACK = 9;
    private static final int CHALLENGE = 10;
    private static final int COUNTERS = 11;

    private final String host;
    private final org.margay.fastpath.time.Clock clock;
    private final OrderCounter order;
    private final Map<TcpConnection, Watched> watched = new LinkedHashMap<>();
    private final List<Watched> all = new ArrayList<>();
    private final TupleTable byKey = new TupleTable();
    private final long[] scratch = new long[COUNTERS];
    private Sink sink = Sink.IN_MEMORY;
    private boolean forgetClosed;

    /** Where the probe's events and samples go. */
    public interface Sink {
        /** Keeps everything on the connection's {@link Watched#events} and {@link Watched#series} (lab runs). */
        Sink IN_MEMORY = new Sink() {
            @Override
            public void event(StackProbe probe, Watched w, Recorded r) {
                w.events.add(r);
            }

            @Override
            public void sample(StackProbe probe, Watched w, Metric metric, long time, double value) {
                w.series(metric).add(time, value);
            }
        };

        /** An event about {@code w}. */
        void event(StackProbe probe, Watched w, Recorded r);

        /** A sample of {@code metric} for {@code w}; called after every poll, changed or not. */
        void sample(StackProbe probe, Watched w, Metric metric, long time, double value);
    }

    /** What the probe wrote down about one connection. */
    public static final class Watched {
        final TcpConnection connection;
        /** The connection's local endpoint. */
        public final Endpoint local;
        /** Its remote endpoint. */
        public final Endpoint remote;
        /** Events, with their order numbers. */
        public final List<Recorded> events = new ArrayList<>();
        /** Series sampled from the stack. */
        public final Map<Metric, Series> series = new EnumMap<>(Metric.class);
        final long[] eventCounters = new long[COUNTERS];
        final long[] creditSeen = new long[COUNTERS];
        final long[] credits = new long[COUNTERS];
        final SequenceSpace space = new SequenceSpace();
        boolean sent;
        long isn;
        long highestEnd;
        long cwnd = -1;
        long ssthresh = -1;
        long srtt;
        long rto = -1;
        long growthStart = -1;
        long growthFrom;
        int growthAcks;
        boolean closed;
        boolean baseline;
        /**
         * The bits ({@link Double#doubleToLongBits}) of the last value a sink wrote per metric, for sinks that write
         * changes only; before the first write a pattern no value has.
         */
        public final long[] lastWrittenBits = new long[Metric.values().length];

        Watched(TcpConnection c) {
            connection = c;
            local = new Endpoint(c.localIp(), c.localPort());
            remote = new Endpoint(c.remoteIp(), c.remotePort());
            java.util.Arrays.fill(lastWrittenBits, 0x7FF0_0000_0000_0001L); // a NaN doubleToLongBits never returns
        }

        Series series(Metric m) {
            return series.computeIfAbsent(m, k -> new Series(false));
        }

        /** The connection watched. */
        public TcpConnection connection() {
            return connection;
        }
    }

    /** One event the probe recorded, before it is placed on a timeline. */
    public record Recorded(long time, long order, EventKind kind, String text, int packet) {
    }

    /** A probe for host {@code host} reading time from {@code clock}, numbering what it records from {@code order}. */
    public StackProbe(String host, org.margay.fastpath.time.Clock clock, OrderCounter order) {
        this.host = host;
        this.clock = clock;
        this.order = order;
    }

    /** Sends events and samples to {@code sink} instead of keeping them on the connections. */
    public StackProbe sink(Sink value) {
        sink = java.util.Objects.requireNonNull(value, "sink");
        return this;
    }

    /** Whether to drop a connection from the probe once it is closed (live stacks: memory stays bounded). */
    public StackProbe forgetClosed(boolean value) {
        forgetClosed = value;
        return this;
    }

    /** Attaches the probe to {@code layer} (replacing any other transition observer). */
    public void attach(TcpLayer layer) {
        layer.transitionObserver(this::onTransition);
    }

    /** Every connection the probe saw, in the order it first saw them. */
    public List<Watched> connections() {
        return all;
    }

    /** The host's name. */
    public String host() {
        return host;
    }

    private Watched watch(TcpConnection c) {
        Watched w = watched.get(c);
        if (w == null) {
            w = new Watched(c);
            watched.put(c, w);
            byKey.put(c.localIp(), c.localPort(), c.remoteIp(), c.remotePort(), w);
            all.add(w);
            snapshot(c.stats(), w.eventCounters);
            snapshot(c.stats(), w.creditSeen);
        }
        return w;
    }

    private void onTransition(TcpConnection c, TcpState from, TcpState to, String reason) {
        Watched w = watch(c);
        long now = clock.nanoTime();
        String error = c.error() != TcpError.NONE ? " [" + TcpError.name(c.error()) + "]" : "";
        String cookie = from == TcpState.CLOSED && to == TcpState.ESTABLISHED
                ? "; the connection is rebuilt from the SYN cookie this ACK returns (RFC 4987 §3.6)" : "";
        emit(w, new Recorded(now, order.next(), EventKind.STATE, name(from) + " -> " + name(to) + ": " + reason
                + cookie + error, 0));
        if (to == TcpState.CLOSED) {
            sample(w, now);
            w.closed = true;
            if (forgetClosed) {
                flushGrowth(w, now);
                watched.remove(c);
                byKey.remove(c.localIp(), c.localPort(), c.remoteIp(), c.remotePort(), w);
                all.remove(w);
            }
        }
    }

    private void emit(Watched w, Recorded r) {
        sink.event(this, w, r);
    }

    private void put(Watched w, Metric metric, long time, double value) {
        sink.sample(this, w, metric, time, value);
    }

    /**
     * Samples the one connection of this 4-tuple, if the probe watches it (a live capture calls this for the
     * connection of each frame instead of sampling every connection after every poll). Allocates nothing unless an
     * event is written.
     */
    public void sample(int localIp, int localPort, int remoteIp, int remotePort, long now) {
        Watched w = byKey.get(localIp, localPort, remoteIp, remotePort);
        if (w != null && !w.closed) {
            sample(w, now);
        }
    }

    /** Samples every live connection (the lab network calls this after each poll of the host). */
    public void afterPoll(long now) {
        for (Watched w : all) {
            if (!w.closed) {
                sample(w, now);
            }
        }
    }

    /** Looks at a segment this host is sending: is it sequence space sent again, and why? */
    public void onSent(PacketRecord p, long now) {
        TcpHeader t = p.tcp();
        if (t == null) {
            return;
        }
        RetransmitCause cause = onSegmentSent(p.ip().source(), p.sourcePort(), p.ip().destination(),
                p.destinationPort(), t.sequence(), t.sequenceLength(), t.payloadLength(), t.flags(), p.number(), now);
        if (cause != null) {
            p.cause(cause);
        }
    }

    /**
     * Looks at a segment this host is sending, given by its header fields ({@code flags} as on the wire,
     * {@code sequenceLength} counting SYN and FIN): is it sequence space sent again, and why? Returns the cause of
     * a retransmission, or null. {@code packet} is the number events about the segment refer to. Allocates nothing
     * unless an event is written.
     */
    public RetransmitCause onSegmentSent(int sourceIp, int sourcePort, int destinationIp, int destinationPort,
                                         int sequence, int sequenceLength, int payloadLength, int flags, int packet,
                                         long now) {
        Watched w = byKey.get(sourceIp, sourcePort, destinationIp, destinationPort);
        if (w == null) {
            return null; // a stateless reply (RST to a closed port, a SYN cookie SYN-ACK)
        }
        boolean syn = (flags & TcpHeader.SYN) != 0;
        boolean fin = (flags & TcpHeader.FIN) != 0;
        long seq = w.space.unwrap(sequence);
        int length = sequenceLength;
        RetransmitCause result = null;
        if (!w.sent) {
            w.sent = true;
            w.isn = seq;
            w.highestEnd = seq;
        }
        TcpStats s = w.connection.stats();
        long[] now2 = scratch;
        snapshot(s, now2);
        for (int k = 0; k < COUNTERS; k++) {
            w.credits[k] += Math.max(0, now2[k] - w.creditSeen[k]);
            w.creditSeen[k] = now2[k];
        }
        boolean resend = length > 0 && seq < w.highestEnd;
        if (w.credits[PROBE] > 0 && payloadLength <= 1 && !syn && !fin) {
            w.credits[PROBE]--;
            emit(w, new Recorded(now, order.next(), EventKind.PROBE, "zero-window probe: "
                    + (payloadLength == 0 ? "an empty segment" : "one byte") + " into the closed window (persist"
                    + " timer, RFC 9293 §3.8.6.1)", packet));
        } else if (w.credits[KEEP_ALIVE] > 0 && payloadLength <= 1 && seq == w.highestEnd - 1) {
            w.credits[KEEP_ALIVE]--;
            emit(w, new Recorded(now, order.next(), EventKind.KEEP_ALIVE, "keep-alive probe (RFC 9293 §3.8.4,"
                    + " RFC 1122 §4.2.3.6)", packet));
        } else if (resend && syn && w.credits[SYN] == 0) {
            // A SYN-ACK after a simultaneous open repeats the ISN by design (RFC 9293 §3.5, Figure 8): not a resend.
            w.sent = true;
        } else if (resend) {
            RetransmitCause cause = take(w, syn);
            result = cause;
            long start = seq - w.isn;
            emit(w, new Recorded(now, order.next(), EventKind.RETRANSMISSION, "retransmits seq " + start + "-"
                    + (start + length) + ": " + cause.text() + " (" + cause.rule() + ")", packet));
        }
        if (length > 0) {
            w.highestEnd = Math.max(w.highestEnd, seq + length);
        }
        return result;
    }

    private static final int[] CAUSE_ORDER = {TLP, RACK, FAST, RTO};
    private static final RetransmitCause[] CAUSES = {RetransmitCause.TLP, RetransmitCause.RACK, RetransmitCause.FAST,
        RetransmitCause.RTO};

    private static RetransmitCause take(Watched w, boolean syn) {
        if (syn) {
            if (w.credits[SYN] > 0) {
                w.credits[SYN]--;
            }
            return RetransmitCause.SYN_TIMEOUT;
        }
        for (int i = 0; i < CAUSE_ORDER.length; i++) {
            if (w.credits[CAUSE_ORDER[i]] > 0) {
                w.credits[CAUSE_ORDER[i]]--;
                return CAUSES[i];
            }
        }
        return RetransmitCause.UNKNOWN;
    }

    private void sample(Watched w, long now) {
        TcpConnection c = w.connection;
        TcpStats s = c.stats();
        long cwnd = s.cwnd();
        long ssthresh = s.ssthresh();
        long srtt = s.srttNanos();
        long rto = s.rtoNanos();
        put(w, Metric.CWND, now, cwnd);
        put(w, Metric.SSTHRESH, now, ssthresh >= Long.MAX_VALUE / 2 ? Double.NaN : ssthresh);
        if (srtt > 0) {
            put(w, Metric.SRTT, now, srtt);
        }
        put(w, Metric.RTO, now, rto);
        if (c.state().synchronizedState()) {
            put(w, Metric.IN_FLIGHT, now, Integer.toUnsignedLong(c.sndNxt() - c.sndUna()));
        }
        long[] counters = scratch;
        snapshot(s, counters);
        counterEvents(w, now, counters);
        congestionEvents(w, now, cwnd, ssthresh);
        if (srtt > 0 && w.srtt == 0) {
            emit(w, new Recorded(now, order.next(), EventKind.TIMER, "first RTT measurement: SRTT "
                    + Text.duration(srtt) + ", RTTVAR " + Text.duration(s.rttvarNanos()) + ", RTO " + Text.duration(rto)
                    + " (RFC 6298 §2.2)", 0));
        } else if (w.rto > 0 && rto != w.rto && counters[EXPIRY] == w.eventCounters[EXPIRY]
                && Math.abs(rto - w.rto) * 4 >= w.rto) {
            emit(w, new Recorded(now, order.next(), EventKind.TIMER, "RTO " + Text.duration(w.rto) + " -> "
                    + Text.duration(rto) + " (SRTT " + Text.duration(srtt) + ", RFC 6298 §2.3)", 0));
        }
        w.srtt = srtt;
        w.rto = rto;
        System.arraycopy(counters, 0, w.eventCounters, 0, COUNTERS);
    }

    private void counterEvents(Watched w, long now, long[] counters) {
        long[] last = w.eventCounters;
        if (counters[EXPIRY] > last[EXPIRY]) {
            emit(w, new Recorded(now, order.next(), EventKind.TIMER, "retransmission timer expired"
                    + (counters[EXPIRY] - last[EXPIRY] > 1 ? " " + (counters[EXPIRY] - last[EXPIRY]) + " times" : "")
                    + " (RFC 6298 §5.4): RTO backs off to " + Text.duration(w.connection.stats().rtoNanos())
                    + " (§5.5)", 0));
        }
        if (counters[RECOVERY] > last[RECOVERY]) {
            emit(w, new Recorded(now, order.next(), EventKind.CONGESTION, "enters loss recovery: fast retransmit,"
                    + " then recovery until everything outstanding is acknowledged (RFC 6582 §3.2, RFC 6675 §5)", 0));
        }
        if (counters[DSACK] > last[DSACK]) {
            emit(w, new Recorded(now, order.next(), EventKind.SACK, "D-SACK received: the peer got some bytes"
                    + " twice, a retransmission was not needed (RFC 2883 §4)", 0));
        }
        if (counters[CHALLENGE] > last[CHALLENGE]) {
            emit(w, new Recorded(now, order.next(), EventKind.INFO, "challenge ACK sent (RFC 5961 §3-§5)", 0));
        }
    }

    private void congestionEvents(Watched w, long now, long cwnd, long ssthresh) {
        if (!w.baseline || !w.connection.state().synchronizedState()) {
            // Before the handshake completes the MSS (and so the initial window, RFC 6928) is not settled.
            w.baseline = w.connection.state().synchronizedState();
            w.cwnd = cwnd;
            w.ssthresh = ssthresh;
            return;
        }
        boolean thresholdMoved = ssthresh != w.ssthresh;
        if (cwnd > w.cwnd && !thresholdMoved) {
            if (w.growthStart < 0) {
                w.growthStart = now;
                w.growthFrom = w.cwnd;
                w.growthAcks = 0;
            }
            w.growthAcks++;
            boolean crossed = w.cwnd < ssthresh && cwnd >= ssthresh;
            w.cwnd = cwnd;
            if (crossed) {
                flushGrowth(w, now);
                emit(w, new Recorded(now, order.next(), EventKind.CONGESTION, "cwnd reached ssthresh "
                        + Text.bytes(ssthresh) + ": slow start ends, congestion avoidance begins (RFC 5681 §3.1)", 0));
            }
            return;
        }
        if (cwnd == w.cwnd && !thresholdMoved) {
            return;
        }
        flushGrowth(w, now);
        String why = cwnd < w.cwnd ? (thresholdMoved ? ": loss response, multiplicative decrease (RFC 5681 §3.1,"
                + " RFC 9438 §4.6)" : ": reduced during recovery (RFC 6937 PRR)") : "";
        emit(w, new Recorded(now, order.next(), EventKind.CONGESTION, "cwnd " + Text.bytes(w.cwnd) + " -> "
                + Text.bytes(cwnd) + (thresholdMoved ? ", ssthresh " + threshold(w.ssthresh) + " -> " + threshold(ssthresh)
                : "") + why, 0));
        w.cwnd = cwnd;
        w.ssthresh = ssthresh;
    }

    /** Writes the pending growth run as one event ("cwnd grew ... over N ACKs"). */
    private void flushGrowth(Watched w, long now) {
        if (w.growthStart < 0) {
            return;
        }
        boolean slowStart = w.growthFrom < w.ssthresh;
        emit(w, new Recorded(w.growthStart, order.next(), EventKind.CONGESTION, String.format(Locale.ROOT,
                "cwnd grows %s -> %s over %d ACK%s in %s (%s)", Text.bytes(w.growthFrom), Text.bytes(w.cwnd),
                w.growthAcks, w.growthAcks == 1 ? "" : "s", Text.duration(now - w.growthStart),
                slowStart ? "slow start: about one MSS per MSS acknowledged, RFC 5681 §3.1"
                        : "congestion avoidance, RFC 5681 §3.1 / RFC 9438 §4"), 0));
        w.growthStart = -1;
    }

    /** Writes what is still pending (growth runs) at the end of a run. */
    public void finish(long now) {
        for (Watched w : all) {
            flushGrowth(w, now);
        }
    }

    private static String threshold(long ssthresh) {
        return ssthresh >= Long.MAX_VALUE / 2 ? "inf" : Text.bytes(ssthresh);
    }

    private static void snapshot(TcpStats s, long[] into) {
        into[RTO] = s.retransmitsRto();
        into[FAST] = s.retransmitsFast();
        into[RACK] = s.retransmitsRack();
        into[TLP] = s.retransmitsTlp();
        into[SYN] = s.synRetransmits();
        into[PROBE] = s.zeroWindowProbes();
        into[KEEP_ALIVE] = s.keepAlivesSent();
        into[EXPIRY] = s.rtoExpirations();
        into[RECOVERY] = s.recoveryEpisodes();
        into[DSACK] = s.dsacksReceived();
        into[CHALLENGE] = s.challengeAcks();
    }


    private static String name(TcpState s) {
        return s.name().replace('_', '-');
    }
}
