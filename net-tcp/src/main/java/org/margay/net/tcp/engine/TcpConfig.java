package org.margay.net.tcp.engine;

import java.util.Locale;
import org.margay.net.tcp.TcpOptionKind;
import org.margay.net.tcp.cc.CongestionControl;
import org.margay.net.tcp.recovery.TailLossProbe;

/**
 * The settings of a {@link TcpLayer} and of every connection it creates (cold path: a record with a builder).
 * Every value is validated at construction; the defaults are documented on {@link Builder}'s fields and follow the
 * RFCs (or Linux where the RFCs leave a choice, and then say so).
 *
 * <p>What must stay true: all durations are positive nanoseconds (the probe-timeout floor may be 0),
 * {@code minRto <= initialRto <= maxRto}, the MSS
 * is in [88, 65495] (an MSS below 88 leaves no payload room after 40 bytes of options, RFC 6691 §2), buffers are
 * in [1 KiB, 2^30] (the largest window RFC 7323 §2.3 allows), the congestion control name is one
 * {@link CongestionControl#create} knows, the offered window shift is −1 or in [0, 14], the slow-start limit is 1 or
 * 2 SMSS, and the user timeout and RTO slop are not negative.
 *
 * <p>Per connection: a {@link TcpLayer} applies its own config to every connection unless one is given at
 * {@link TcpLayer#connect(long, int, int, int, int, TcpConfig)} or {@link TcpLayer#listen(int, int, int, TcpConfig)};
 * then only {@link #synCookies()}, {@link #synBacklog()}, {@link #acceptBacklog()} and {@link #challengeAckLimit()}
 * stay the layer's. The knobs after {@code reassemblyRanges} choose between behaviours the RFCs leave open, so that
 * the engine can act as Linux ({@link Builder#linuxStyle()}) or FreeBSD ({@link Builder#bsdStyle()}); their defaults
 * are the RFC behaviour.
 *
 * @param mss                      the MSS we advertise and the ceiling of the send MSS: the largest payload of a
 *                                 segment without options (RFC 9293 §3.7.1, RFC 6691 §2); default 1460 = MTU 1500
 *                                 − 20 (IPv4) − 20 (TCP)
 * @param windowScaling            offer window scaling (RFC 7323 §2); the shift is {@link #receiveWindowShift()}
 * @param sack                     offer SACK-permitted and send SACK blocks (RFC 2018)
 * @param timestamps               offer timestamps (RFC 7323 §3): RTTM and PAWS
 * @param noDelay                  TCP_NODELAY: turns Nagle's algorithm off (RFC 9293 §3.7.4)
 * @param delayedAckNanos          the most an ACK is delayed (RFC 9293 §3.8.6.3 and RFC 5681 §4.2: less than 0.5 s;
 *                                 issue #3 and Linux's TCP_DELACK_MAX: at most 200 ms); default 40 ms, Linux's
 *                                 TCP_DELACK_MIN ({@link #DEFAULT_DELAYED_ACK_NANOS})
 * @param ackEveryFullSegments     ACK at least every this many full-sized segments (RFC 5681 §4.2: 2)
 * @param quickAckSegments         quick-ACK mode (Linux's quickack): when the first data arrives, and again when data
 *                                 arrives after an idle period longer than the RTO, up to this many segments are
 *                                 acknowledged at once instead of delayed (bounded, as in Linux, by half the receive
 *                                 window in segments), so slow start and short exchanges are not held back by the
 *                                 delayed-ACK timer; default 16 (Linux's TCP_MAX_QUICKACKS), 0 turns it off
 * @param initialRtoNanos          RFC 6298 §2.1: 1 s
 * @param minRtoNanos              RFC 6298 §2.4 says 1 s; Linux uses 200 ms, the default here
 * @param maxRtoNanos              RFC 6298 §2.5: at least 60 s
 * @param initialWindowSegments    RFC 6928: 10
 * @param congestionControl        "cubic" (RFC 9438, default) or "newreno" (RFC 5681/6582)
 * @param sendBufferSize           bytes of the send ring per connection
 * @param receiveBufferSize        bytes of the receive ring per connection (and so the largest window offered)
 * @param mslNanos                 Maximum Segment Lifetime; TIME-WAIT lasts 2×MSL (RFC 9293 §3.4.2); default 30 s
 * @param keepAlive                keep-alives on (RFC 1122 §4.2.3.6: MUST default to off)
 * @param keepAliveIdleNanos       idle time before the first probe (RFC 1122: no less than two hours by default)
 * @param keepAliveIntervalNanos   time between unanswered probes (Linux: 75 s)
 * @param keepAliveProbes          unanswered probes before the connection is dropped with ETIMEDOUT (Linux: 9)
 * @param synRetries               SYN retransmissions before giving up with ETIMEDOUT (Linux: 6)
 * @param synAckRetries            SYN-ACK retransmissions before a half-open child is dropped (Linux: 5)
 * @param maxDataRetransmissions   consecutive retransmission timeouts before ETIMEDOUT (Linux tcp_retries2: 15)
 * @param challengeAckLimit        challenge ACKs per second for the whole layer (RFC 5961 §7; Linux: 1000)
 * @param synBacklog               half-open (SYN-RECEIVED) children per listener before SYN cookies (or drops)
 * @param acceptBacklog            established connections waiting in a listener's accept queue
 * @param synCookies               answer SYNs with cookies when the SYN backlog is full (RFC 4987 §3.6)
 * @param finWait2TimeoutNanos     how long an orphaned FIN-WAIT-2 waits for the peer's FIN (Linux: 60 s)
 * @param dupAckThreshold          DupThresh (RFC 5681 §3.2, RFC 6675 §2): 3
 * @param rack                     RACK loss detection (RFC 8985 §6)
 * @param tailLossProbe            tail loss probes (RFC 8985 §7)
 * @param minProbeTimeoutNanos     the floor under the probe timeout's 2·SRTT (RFC 8985 §7.2 has none; the TLP draft
 *                                 and Linux's first TLP use 10 ms, the default); 0 for RFC 8985's formula exactly
 * @param reassemblyRanges         out-of-order ranges a receiver keeps (bounds fragmentation, not memory)
 * @param delayedFinAck            acknowledge a FIN that moves ESTABLISHED to CLOSE-WAIT after the delayed-ACK time
 *                                 rather than at once, so the application's own FIN can carry the ACK (Linux's
 *                                 pingpong mode in {@code tcp_fin}; RFC 9293 §3.8.6.3 allows delaying any ACK);
 *                                 default off (ACK at once)
 * @param slowStartLimitSegments   the byte-counting limit L of slow start in SMSS (RFC 3465 §2.2): 2 (default,
 *                                 RFC 3465's "MAY"), or 1, RFC 5681 §3.1 eq. (2)'s cwnd += min(N, SMSS), as Linux
 *                                 grows once per segment delivered
 * @param rtoFloorOnVariance       Linux's RTO: SRTT + max(4·RTTVAR, minRto) (the floor under the variance term, not
 *                                 the whole RTO, as RFC 6298 §2.4 puts it; any RTO above RFC 6298's is allowed), which
 *                                 already budgets a peer's delayed ACK, so the tail loss probe then does not push
 *                                 the RTO out (RFC 8985 §7.2 takes min(PTO, RTO)); default off
 * @param synOptionLayout          the order and padding of SYN and SYN-ACK options: {@link #LAYOUT_LINUX} (MSS,
 *                                 SACK-permitted, TS, NOP, WS; default) or {@link #LAYOUT_BSD} (MSS, NOP, WS,
 *                                 SACK-permitted, TS, EOL padding: FreeBSD's {@code tcp_addoptions})
 * @param windowShift              the window-scale shift offered (RFC 7323 §2.2), 0..14, or −1 (default) for the
 *                                 smallest that covers the receive buffer (FreeBSD offers the shift for its largest
 *                                 socket buffer whatever the buffer)
 * @param roundReceiveBufferToMss  once the MSS is known, round the receive buffer up to a multiple of it (FreeBSD's
 *                                 {@code tcp_mss_update}); default off
 * @param advertiseFreeSpace       every segment advertises all free receive space (BSD's {@code tcp_output}); the
 *                                 receiver SWS rule of RFC 9293 §3.8.6.2.2 then only decides when a pure window
 *                                 update is worth sending; default off (the advertised edge moves only by
 *                                 min(BUFF/2, MSS) steps, RFC 9293 §3.8.6.2.2 / RFC 1122 §4.2.3.3)
 * @param userTimeoutNanos         the user timeout (RFC 9293 §3.8.3, RFC 5482 TCP_USER_TIMEOUT): a connection whose
 *                                 sent data stays unacknowledged this long is aborted with ETIMEDOUT; 0 (default)
 *                                 for none (then {@code maxDataRetransmissions} bounds the retries)
 * @param ssthreshFromCwnd         a congestion event sizes ssthresh from cwnd, not FlightSize (RFC 9438 §4.6 allows it
 *                                 with cwnd growth tied to being cwnd-limited, as here; Linux's CUBIC and Reno); default
 *                                 off
 * @param rtoSlopNanos             added to every RTO computed from a measurement or backed off (FreeBSD's
 *                                 rexmit_slop, 200 ms there; RFC 6298 bounds the RTO only from below); default 0
 * @param finInAcks                while our FIN is unacknowledged, an ACK we send repeats it (BSD's
 *                                 {@code tcp_outflags}: FIN-WAIT-1, CLOSING and LAST-ACK send FIN|ACK); default off
 * @param mssOption                send the MSS option on SYN and SYN-ACK (default); off (with window scaling, SACK and
 *                                 timestamps off too, FreeBSD's TCP_NOOPT) the SYN carries no option and the peer
 *                                 assumes 536 (RFC 9293 §3.7.1)
 * @param dropSynOptionsAfter      from this many SYN retransmissions on, the SYN carries the MSS option only and window
 *                                 scaling, SACK and timestamps are not used (FreeBSD's rexmit_drop_options: 3); 0
 *                                 (default) never
 */
public record TcpConfig(int mss, boolean windowScaling, boolean sack, boolean timestamps, boolean noDelay,
                        long delayedAckNanos, int ackEveryFullSegments, int quickAckSegments, long initialRtoNanos,
                        long minRtoNanos,
                        long maxRtoNanos, int initialWindowSegments, String congestionControl, int sendBufferSize,
                        int receiveBufferSize, long mslNanos, boolean keepAlive, long keepAliveIdleNanos,
                        long keepAliveIntervalNanos, int keepAliveProbes, int synRetries, int synAckRetries,
                        int maxDataRetransmissions, int challengeAckLimit, int synBacklog, int acceptBacklog,
                        boolean synCookies, long finWait2TimeoutNanos, int dupAckThreshold, boolean rack,
                        boolean tailLossProbe, long minProbeTimeoutNanos, int reassemblyRanges,
                        boolean delayedFinAck, int slowStartLimitSegments, boolean rtoFloorOnVariance,
                        int synOptionLayout, int windowShift, boolean roundReceiveBufferToMss,
                        boolean advertiseFreeSpace, long userTimeoutNanos, boolean ssthreshFromCwnd,
                        long rtoSlopNanos, boolean finInAcks, boolean mssOption, int dropSynOptionsAfter) {

    /** {@link #synOptionLayout()}: Linux's SYN options (MSS, SACK-permitted, TS, NOP, WS). */
    public static final int LAYOUT_LINUX = 0;
    /** {@link #synOptionLayout()}: FreeBSD's (MSS, NOP, WS, SACK-permitted, TS, EOL padding). */
    public static final int LAYOUT_BSD = 1;

    /** The default delayed-ACK timeout: 40 ms, Linux's TCP_DELACK_MIN (short tails are not held for long). */
    public static final long DEFAULT_DELAYED_ACK_NANOS = 40_000_000L;
    /** Linux's TCP_DELACK_MIN, 40 ms (the default). */
    public static final long LINUX_DELAYED_ACK_NANOS = 40_000_000L;
    /** The longest delayed-ACK timeout accepted: 200 ms (issue #3; Linux's TCP_DELACK_MAX; Windows' default). */
    public static final long MAX_DELAYED_ACK_NANOS = 200_000_000L;
    /** The default quick-ACK budget: 16 segments, Linux's TCP_MAX_QUICKACKS. */
    public static final int DEFAULT_QUICK_ACK_SEGMENTS = 16;
    /** The default MSS: MTU 1500 − 20 (IPv4 header) − 20 (TCP header), RFC 9293 §3.7.1, RFC 6691 §2. */
    public static final int DEFAULT_MSS = mssForMtu(1500);
    /** The smallest MSS accepted: 40 bytes of options must leave payload room (RFC 6691). */
    public static final int MIN_MSS = 88;
    /** The largest MSS: a 65535-byte IPv4 datagram minus the two headers. */
    public static final int MAX_MSS = 65495;
    /** Buffers may not exceed the largest window: 2^30 bytes (RFC 7323 §2.3). */
    public static final int MAX_BUFFER = 1 << 30;

    /** Validates everything; see the record description for the rules. */
    public TcpConfig {
        range("mss", mss, MIN_MSS, MAX_MSS);
        positive("delayedAckNanos", delayedAckNanos);
        if (delayedAckNanos > MAX_DELAYED_ACK_NANOS) {
            throw new IllegalArgumentException("delayedAckNanos must be at most 200 ms (RFC 9293 §3.8.6.3 and RFC 5681"
                    + " §4.2 allow less than 500 ms; Margay, like Linux, caps it at 200 ms): " + delayedAckNanos);
        }
        range("ackEveryFullSegments", ackEveryFullSegments, 1, 2);
        range("quickAckSegments", quickAckSegments, 0, 1 << 16);
        positive("minRtoNanos", minRtoNanos);
        if (initialRtoNanos < minRtoNanos || initialRtoNanos > maxRtoNanos) {
            throw new IllegalArgumentException("need minRto <= initialRto <= maxRto: " + minRtoNanos + ", "
                    + initialRtoNanos + ", " + maxRtoNanos);
        }
        range("initialWindowSegments", initialWindowSegments, 1, 1000);
        congestionControl = congestionControl == null ? "" : congestionControl.trim().toLowerCase(Locale.ROOT);
        if (!CongestionControl.NAMES.contains(congestionControl)) {
            throw new IllegalArgumentException("unknown congestion control '" + congestionControl + "': choose one of "
                    + String.join(", ", CongestionControl.NAMES));
        }
        range("sendBufferSize", sendBufferSize, 1024, MAX_BUFFER);
        range("receiveBufferSize", receiveBufferSize, 1024, MAX_BUFFER);
        positive("mslNanos", mslNanos);
        positive("keepAliveIdleNanos", keepAliveIdleNanos);
        positive("keepAliveIntervalNanos", keepAliveIntervalNanos);
        range("keepAliveProbes", keepAliveProbes, 1, 127);
        range("synRetries", synRetries, 0, 127);
        range("synAckRetries", synAckRetries, 0, 127);
        range("maxDataRetransmissions", maxDataRetransmissions, 1, 127);
        range("challengeAckLimit", challengeAckLimit, 1, Integer.MAX_VALUE);
        range("synBacklog", synBacklog, 1, 1 << 20);
        range("acceptBacklog", acceptBacklog, 1, 1 << 20);
        positive("finWait2TimeoutNanos", finWait2TimeoutNanos);
        range("dupAckThreshold", dupAckThreshold, 1, 64);
        range("minProbeTimeoutNanos", minProbeTimeoutNanos, 0, maxRtoNanos); // the RTO caps the PTO anyway
        range("reassemblyRanges", reassemblyRanges, 1, 1024);
        range("slowStartLimitSegments", slowStartLimitSegments, 1, 2);
        range("synOptionLayout", synOptionLayout, LAYOUT_LINUX, LAYOUT_BSD);
        range("windowShift", windowShift, -1, TcpOptionKind.MAX_WINDOW_SCALE);
        range("userTimeoutNanos", userTimeoutNanos, 0, Long.MAX_VALUE / 4);
        range("rtoSlopNanos", rtoSlopNanos, 0, maxRtoNanos);
        range("dropSynOptionsAfter", dropSynOptionsAfter, 0, 127);
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** The MSS for an IPv4 link MTU: MTU − 40 (RFC 9293 §3.7.1, RFC 6691 §2: the MSS excludes both headers). */
    public static int mssForMtu(int mtu) {
        return mtu - 40;
    }

    /** The defaults. */
    public static TcpConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mss = mss;
        b.windowScaling = windowScaling;
        b.sack = sack;
        b.timestamps = timestamps;
        b.noDelay = noDelay;
        b.delayedAckNanos = delayedAckNanos;
        b.ackEveryFullSegments = ackEveryFullSegments;
        b.quickAckSegments = quickAckSegments;
        b.initialRtoNanos = initialRtoNanos;
        b.minRtoNanos = minRtoNanos;
        b.maxRtoNanos = maxRtoNanos;
        b.initialWindowSegments = initialWindowSegments;
        b.congestionControl = congestionControl;
        b.sendBufferSize = sendBufferSize;
        b.receiveBufferSize = receiveBufferSize;
        b.mslNanos = mslNanos;
        b.keepAlive = keepAlive;
        b.keepAliveIdleNanos = keepAliveIdleNanos;
        b.keepAliveIntervalNanos = keepAliveIntervalNanos;
        b.keepAliveProbes = keepAliveProbes;
        b.synRetries = synRetries;
        b.synAckRetries = synAckRetries;
        b.maxDataRetransmissions = maxDataRetransmissions;
        b.challengeAckLimit = challengeAckLimit;
        b.synBacklog = synBacklog;
        b.acceptBacklog = acceptBacklog;
        b.synCookies = synCookies;
        b.finWait2TimeoutNanos = finWait2TimeoutNanos;
        b.dupAckThreshold = dupAckThreshold;
        b.rack = rack;
        b.tailLossProbe = tailLossProbe;
        b.minProbeTimeoutNanos = minProbeTimeoutNanos;
        b.reassemblyRanges = reassemblyRanges;
        b.delayedFinAck = delayedFinAck;
        b.slowStartLimitSegments = slowStartLimitSegments;
        b.rtoFloorOnVariance = rtoFloorOnVariance;
        b.synOptionLayout = synOptionLayout;
        b.windowShift = windowShift;
        b.roundReceiveBufferToMss = roundReceiveBufferToMss;
        b.advertiseFreeSpace = advertiseFreeSpace;
        b.userTimeoutNanos = userTimeoutNanos;
        b.ssthreshFromCwnd = ssthreshFromCwnd;
        b.rtoSlopNanos = rtoSlopNanos;
        b.finInAcks = finInAcks;
        b.mssOption = mssOption;
        b.dropSynOptionsAfter = dropSynOptionsAfter;
        return b;
    }

    /** TIME-WAIT's duration: 2×MSL (RFC 9293 §3.4.2, §3.10.7.4). */
    public long timeWaitNanos() {
        return 2 * mslNanos;
    }

    /**
     * The window-scale shift we offer (RFC 7323 §2.2): the smallest shift that lets the 16-bit window field
     * describe the whole receive buffer, at most 14 (RFC 7323 §2.3), unless {@link #windowShift()} names one; 0
     * when scaling is off. So a 64 KiB buffer
     * gives 1, 256 KiB gives 3, 4 MiB gives 7.
     */
    public int receiveWindowShift() {
        if (!windowScaling) {
            return 0;
        }
        if (windowShift >= 0) {
            return windowShift;
        }
        int shift = 0;
        while (shift < TcpOptionKind.MAX_WINDOW_SCALE && ((long) receiveBufferSize >> shift) > 0xFFFF) {
            shift++;
        }
        return shift;
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private int mss = DEFAULT_MSS;
        private boolean windowScaling = true;
        private boolean sack = true;
        private boolean timestamps = true;
        private boolean noDelay;
        private long delayedAckNanos = DEFAULT_DELAYED_ACK_NANOS;
        private int ackEveryFullSegments = 2;
        private int quickAckSegments = DEFAULT_QUICK_ACK_SEGMENTS;
        private long initialRtoNanos = 1_000_000_000L;
        private long minRtoNanos = 200_000_000L;
        private long maxRtoNanos = 60_000_000_000L;
        private int initialWindowSegments = 10;
        private String congestionControl = "cubic";
        private int sendBufferSize = 256 * 1024;
        private int receiveBufferSize = 256 * 1024;
        private long mslNanos = 30_000_000_000L;
        private boolean keepAlive;
        private long keepAliveIdleNanos = 7_200_000_000_000L;
        private long keepAliveIntervalNanos = 75_000_000_000L;
        private int keepAliveProbes = 9;
        private int synRetries = 6;
        private int synAckRetries = 5;
        private int maxDataRetransmissions = 15;
        private int challengeAckLimit = 1000;
        private int synBacklog = 256;
        private int acceptBacklog = 128;
        private boolean synCookies = true;
        private long finWait2TimeoutNanos = 60_000_000_000L;
        private int dupAckThreshold = 3;
        private boolean rack = true;
        private boolean tailLossProbe = true;
        private long minProbeTimeoutNanos = TailLossProbe.DEFAULT_MIN_PTO_NANOS;
        private int reassemblyRanges = 32;
        private boolean delayedFinAck;
        private int slowStartLimitSegments = 2;
        private boolean rtoFloorOnVariance;
        private int synOptionLayout = LAYOUT_LINUX;
        private int windowShift = -1;
        private boolean roundReceiveBufferToMss;
        private boolean advertiseFreeSpace;
        private long userTimeoutNanos;
        private boolean ssthreshFromCwnd;
        private long rtoSlopNanos;
        private boolean finInAcks;
        private boolean mssOption = true;
        private int dropSynOptionsAfter;

        private Builder() {
        }

        /** The MSS advertised (default 1460). */
        public Builder mss(int v) { mss = v; return this; }
        /** The MSS for a link MTU: MTU − 40. */
        public Builder mtu(int mtu) { mss = mssForMtu(mtu); return this; }
        /** Window scaling on/off (default on). */
        public Builder windowScaling(boolean v) { windowScaling = v; return this; }
        /** SACK on/off (default on). */
        public Builder sack(boolean v) { sack = v; return this; }
        /** Timestamps on/off (default on). */
        public Builder timestamps(boolean v) { timestamps = v; return this; }
        /** TCP_NODELAY (default off: Nagle on). */
        public Builder noDelay(boolean v) { noDelay = v; return this; }
        /** Delayed-ACK timeout, at most 200 ms (default 40 ms). */
        public Builder delayedAckNanos(long v) { delayedAckNanos = v; return this; }
        /** Linux's delayed ACK: 40 ms (the default) with quick-ACK mode (16 segments). */
        public Builder linuxDelayedAck() {
            delayedAckNanos = LINUX_DELAYED_ACK_NANOS;
            quickAckSegments = DEFAULT_QUICK_ACK_SEGMENTS;
            return this;
        }
        /** ACK every n full segments, 1 or 2 (default 2). */
        public Builder ackEveryFullSegments(int v) { ackEveryFullSegments = v; return this; }
        /** Quick-ACK budget in segments at connection start and after idle (default 16; 0 = off). */
        public Builder quickAckSegments(int v) { quickAckSegments = v; return this; }
        /** Initial RTO (default 1 s). */
        public Builder initialRtoNanos(long v) { initialRtoNanos = v; return this; }
        /** RTO floor (default 200 ms). */
        public Builder minRtoNanos(long v) { minRtoNanos = v; return this; }
        /** RTO ceiling (default 60 s). */
        public Builder maxRtoNanos(long v) { maxRtoNanos = v; return this; }
        /** Initial window in segments (default 10). */
        public Builder initialWindowSegments(int v) { initialWindowSegments = v; return this; }
        /** "cubic" (default) or "newreno". */
        public Builder congestionControl(String v) { congestionControl = v; return this; }
        /** Send ring bytes (default 256 KiB). */
        public Builder sendBufferSize(int v) { sendBufferSize = v; return this; }
        /** Receive ring bytes (default 256 KiB). */
        public Builder receiveBufferSize(int v) { receiveBufferSize = v; return this; }
        /** MSL (default 30 s; TIME-WAIT is twice that). */
        public Builder mslNanos(long v) { mslNanos = v; return this; }
        /** Keep-alives on/off (default off). */
        public Builder keepAlive(boolean v) { keepAlive = v; return this; }
        /** Keep-alive idle time (default 2 h). */
        public Builder keepAliveIdleNanos(long v) { keepAliveIdleNanos = v; return this; }
        /** Keep-alive probe interval (default 75 s). */
        public Builder keepAliveIntervalNanos(long v) { keepAliveIntervalNanos = v; return this; }
        /** Unanswered keep-alive probes before ETIMEDOUT (default 9). */
        public Builder keepAliveProbes(int v) { keepAliveProbes = v; return this; }
        /** SYN retransmissions (default 6). */
        public Builder synRetries(int v) { synRetries = v; return this; }
        /** SYN-ACK retransmissions (default 5). */
        public Builder synAckRetries(int v) { synAckRetries = v; return this; }
        /** Consecutive RTO expiries before ETIMEDOUT (default 15). */
        public Builder maxDataRetransmissions(int v) { maxDataRetransmissions = v; return this; }
        /** Challenge ACKs per second, layer-wide (default 1000). */
        public Builder challengeAckLimit(int v) { challengeAckLimit = v; return this; }
        /** Half-open children per listener (default 256). */
        public Builder synBacklog(int v) { synBacklog = v; return this; }
        /** Accept queue length (default 128). */
        public Builder acceptBacklog(int v) { acceptBacklog = v; return this; }
        /** SYN cookies on/off (default on). */
        public Builder synCookies(boolean v) { synCookies = v; return this; }
        /** Orphaned FIN-WAIT-2 timeout (default 60 s). */
        public Builder finWait2TimeoutNanos(long v) { finWait2TimeoutNanos = v; return this; }
        /** DupThresh (default 3). */
        public Builder dupAckThreshold(int v) { dupAckThreshold = v; return this; }
        /** RACK on/off (default on). */
        public Builder rack(boolean v) { rack = v; return this; }
        /** Tail loss probes on/off (default on). */
        public Builder tailLossProbe(boolean v) { tailLossProbe = v; return this; }
        /** Floor under the probe timeout's 2·SRTT (default 10 ms; 0 = RFC 8985 exactly). */
        public Builder minProbeTimeoutNanos(long v) { minProbeTimeoutNanos = v; return this; }
        /** Out-of-order ranges kept by a receiver (default 32). */
        public Builder reassemblyRanges(int v) { reassemblyRanges = v; return this; }

        /** Delay the ACK of a FIN in ESTABLISHED, Linux's pingpong (default off). */
        public Builder delayedFinAck(boolean v) { delayedFinAck = v; return this; }
        /** Slow start's byte-counting limit L in SMSS, 1 or 2 (default 2, RFC 3465 §2.2). */
        public Builder slowStartLimitSegments(int v) { slowStartLimitSegments = v; return this; }
        /** Linux's RTO, SRTT + max(4·RTTVAR, minRto), and no RTO push-out by the probe timeout (default off). */
        public Builder rtoFloorOnVariance(boolean v) { rtoFloorOnVariance = v; return this; }
        /** {@link #LAYOUT_LINUX} (default) or {@link #LAYOUT_BSD}. */
        public Builder synOptionLayout(int v) { synOptionLayout = v; return this; }
        /** The window-scale shift offered, 0..14, or −1 to derive it from the receive buffer (default). */
        public Builder windowShift(int v) { windowShift = v; return this; }
        /** Round the receive buffer up to a multiple of the MSS once known (default off, FreeBSD on). */
        public Builder roundReceiveBufferToMss(boolean v) { roundReceiveBufferToMss = v; return this; }
        /** Advertise all free space in every segment (default off, BSD on). */
        public Builder advertiseFreeSpace(boolean v) { advertiseFreeSpace = v; return this; }
        /** ssthresh from cwnd rather than FlightSize on a congestion event (default off). */
        public Builder ssthreshFromCwnd(boolean v) { ssthreshFromCwnd = v; return this; }
        /** Slop added to computed and backed-off RTOs (default 0; FreeBSD 200 ms). */
        public Builder rtoSlopNanos(long v) { rtoSlopNanos = v; return this; }
        /** Repeat an unacknowledged FIN on every ACK, as BSD does (default off). */
        public Builder finInAcks(boolean v) { finInAcks = v; return this; }
        /** Send the MSS option on SYNs (default on). */
        public Builder mssOption(boolean v) { mssOption = v; return this; }
        /** SYN retransmissions after which the SYN carries the MSS only (default 0: never; FreeBSD 3). */
        public Builder dropSynOptionsAfter(int v) { dropSynOptionsAfter = v; return this; }
        /** A SYN without any option (FreeBSD's TCP_NOOPT): no MSS, window scaling, SACK or timestamps. */
        public Builder noOptions() {
            mssOption = false;
            windowScaling = false;
            sack = false;
            timestamps = false;
            return this;
        }
        /** TCP_USER_TIMEOUT (RFC 5482) in nanoseconds, 0 = none (default). */
        public Builder userTimeoutNanos(long v) { userTimeoutNanos = v; return this; }
        /**
         * Linux's behaviour where it differs from the defaults: delayed ACK of a FIN, L = 1 SMSS, ssthresh from
         * cwnd, and the RTO with its floor on the variance term.
         */
        public Builder linuxStyle() {
            delayedFinAck = true;
            ssthreshFromCwnd = true;
            slowStartLimitSegments = 1;
            rtoFloorOnVariance = true;
            return this;
        }
        /**
         * FreeBSD's SYN option layout, receive buffer rounded to the MSS, full free space advertised, an unacknowledged
         * FIN repeated on ACKs, and 200 ms of RTO slop.
         */
        public Builder bsdStyle() {
            finInAcks = true;
            rtoSlopNanos = 200_000_000L;
            synOptionLayout = LAYOUT_BSD;
            roundReceiveBufferToMss = true;
            advertiseFreeSpace = true;
            return this;
        }

        /** Validates and builds. */
        public TcpConfig build() {
            return new TcpConfig(mss, windowScaling, sack, timestamps, noDelay, delayedAckNanos, ackEveryFullSegments,
                    quickAckSegments, initialRtoNanos, minRtoNanos, maxRtoNanos, initialWindowSegments, congestionControl,
                    sendBufferSize, receiveBufferSize, mslNanos, keepAlive, keepAliveIdleNanos, keepAliveIntervalNanos,
                    keepAliveProbes, synRetries, synAckRetries, maxDataRetransmissions, challengeAckLimit, synBacklog, acceptBacklog,
                    synCookies, finWait2TimeoutNanos, dupAckThreshold, rack, tailLossProbe, minProbeTimeoutNanos,
                    reassemblyRanges, delayedFinAck, slowStartLimitSegments, rtoFloorOnVariance, synOptionLayout,
                    windowShift, roundReceiveBufferToMss, advertiseFreeSpace, userTimeoutNanos, ssthreshFromCwnd,
                    rtoSlopNanos, finInAcks, mssOption, dropSynOptionsAfter);
        }
    }
}
