package org.margay.net.tcp.cc;

/**
 * What NewReno and CUBIC share: SMSS, cwnd and ssthresh, slow start with Appropriate Byte Counting, the loss
 * window after a retransmission timeout, PRR's {@code setCwnd}, and the restart window after idle. Subclasses
 * supply congestion avoidance and the ssthresh rule.
 *
 * <p>Invariants kept here: {@code SMSS <= cwnd <= MAX_CWND_BYTES}; {@code ssthresh >= 2·SMSS} once any loss was
 * signalled; no field is ever negative; no allocation after construction.
 */
abstract sealed class WindowState implements CongestionControl permits NewReno, Cubic {
    private final InitialWindow initialWindow;

    int mss;
    long cwnd;
    long ssthresh;
    /** The last positive RTT given to {@link #onAck}, for algorithms that need one. */
    long lastRttNanos;
    /**
     * Set by a retransmission timeout, cleared by the next ACK of new data: while set, further timeouts are
     * for the same data and keep ssthresh (RFC 5681 §3.1, "has not yet been resent by way of the
     * retransmission timer").
     */
    private boolean timeoutOutstanding;
    /** Set by a retransmission timeout until slow start ends: the byte-counting limit L is 1 SMSS then. */
    private boolean slowStartAfterTimeout;
    /** RFC 3465 §2.2's L, in SMSS: 2 unless set to 1. */
    private int slowStartLimit = 2;
    /** Size ssthresh from cwnd rather than FlightSize (see {@link #ssthreshFromCwnd(boolean)}). */
    private boolean ssthreshFromCwnd;

    WindowState(InitialWindow initialWindow) {
        if (initialWindow == null) {
            throw new IllegalArgumentException("initial window policy must not be null");
        }
        this.initialWindow = initialWindow;
        this.mss = DEFAULT_MSS;
        this.cwnd = Math.min(MAX_CWND_BYTES, initialWindow.bytes(DEFAULT_MSS));
        this.ssthresh = INFINITE_SSTHRESH;
    }

    /** The initial-window policy given at construction. */
    public final InitialWindow initialWindow() {
        return initialWindow;
    }

    @Override
    public final void init(int smss) {
        mss = clampMss(smss);
        // RFC 5681 §3.1: "IW, the initial value of cwnd"; RFC 6928 raises it. ssthresh "arbitrarily high".
        cwnd = Math.min(MAX_CWND_BYTES, Math.max(mss, initialWindow.bytes(mss)));
        ssthresh = INFINITE_SSTHRESH;
        lastRttNanos = 0;
        timeoutOutstanding = false;
        slowStartAfterTimeout = false;
        resetAlgorithm();
    }

    @Override
    public final void slowStartLimitSegments(int segments) {
        if (segments < 1 || segments > 2) {
            throw new IllegalArgumentException("slow-start limit must be 1 or 2 SMSS (RFC 3465 §2.2): " + segments);
        }
        slowStartLimit = segments;
    }

    @Override
    public final void ssthreshFromCwnd(boolean on) {
        ssthreshFromCwnd = on;
    }

    @Override
    public final long cwnd() {
        return cwnd;
    }

    @Override
    public final long ssthresh() {
        return ssthresh;
    }

    @Override
    public final int mss() {
        return mss;
    }

    @Override
    public final void setMss(int smss) {
        mss = clampMss(smss);
        cwnd = clampCwnd(cwnd);
        if (ssthresh != INFINITE_SSTHRESH) {
            ssthresh = Math.max(ssthresh, 2L * mss); // RFC 5681 §3.1 eq. (4)'s floor
        }
    }

    @Override
    public final void onAck(long ackedBytes, long rttNanos, long nowNanos, boolean cwndLimited) {
        if (rttNanos > 0) {
            lastRttNanos = rttNanos;
        }
        // New data was acknowledged: a later timeout is for new data (RFC 5681 §3.1).
        timeoutOutstanding = false;
        if (ackedBytes <= 0 || !cwndLimited) {
            // RFC 7661 §4.3 spirit / RFC 9438 §5.8: no growth while not limited by cwnd.
            return;
        }
        // An ACK cannot acknowledge more than a window of data that was sent under this cwnd; larger values
        // (stretch ACKs after a stall, or bogus input) count as one window, which keeps every product in range.
        long acked = Math.min(ackedBytes, cwnd);
        if (cwnd < ssthresh) {
            acked = slowStart(acked);
            if (acked == 0) {
                return;
            }
        }
        congestionAvoidance(acked, nowNanos);
        cwnd = clampCwnd(cwnd);
    }

    /**
     * RFC 5681 §3.1 slow start with RFC 3465 §2.2 byte counting: cwnd += min(N, L) with L = 2·SMSS (or 1·SMSS
     * when so configured, {@link #slowStartLimitSegments}), or
     * L = 1·SMSS in the slow start that follows a retransmission timeout (RFC 3465 §2.3). Growth stops at
     * ssthresh (RFC 5681 §3.1: slow start while cwnd &lt; ssthresh); the bytes beyond it are returned for
     * congestion avoidance.
     */
    private long slowStart(long acked) {
        long limit = slowStartAfterTimeout ? mss : (long) slowStartLimit * mss;
        long increase = Math.min(acked, limit);
        long room = ssthresh - cwnd;
        if (increase < room) {
            cwnd = clampCwnd(cwnd + increase);
            return 0;
        }
        cwnd = clampCwnd(ssthresh);
        slowStartAfterTimeout = false;
        return Math.max(0, acked - room);
    }

    /** Congestion avoidance for {@code acked} (1 ≤ acked ≤ cwnd) bytes newly acknowledged at {@code nowNanos}. */
    abstract void congestionAvoidance(long acked, long nowNanos);

    /** Sets ssthresh (and the algorithm's memory) for a loss with {@code flightSize} bytes outstanding. */
    abstract void reduceOnLoss(long flightSize, long nowNanos);

    /** Forgets all algorithm state (called by {@link #init}). */
    abstract void resetAlgorithm();

    /** A timeout happened (after ssthresh was handled); cwnd is already the loss window. */
    abstract void afterTimeout(long nowNanos);

    /** Recovery ended and cwnd = ssthresh: a new congestion-avoidance stage begins now. */
    abstract void afterRecovery(long nowNanos);

    /** The connection resumes sending after {@code idleNanos} (whether or not cwnd was restarted). */
    abstract void afterIdle(long idleNanos);

    @Override
    public final void onCongestionEvent(long flightSize, long nowNanos) {
        reduceOnLoss(ssthreshFromCwnd ? cwnd : Math.max(0, flightSize), nowNanos);
        ssthresh = Math.max(ssthresh, 2L * mss); // RFC 5681 §3.1 eq. (4), RFC 9438 §4.6: at least 2·SMSS
    }

    @Override
    public final void setCwnd(long newCwnd) {
        cwnd = clampCwnd(newCwnd);
    }

    @Override
    public final void onRecoveryExit(long nowNanos) {
        // RFC 6937 §3: at the end of recovery, cwnd = ssthresh. Without a loss signal there is nothing to restore.
        if (ssthresh != INFINITE_SSTHRESH) {
            cwnd = clampCwnd(ssthresh);
        }
        afterRecovery(nowNanos);
    }

    @Override
    public final void onRetransmissionTimeout(long flightSize, long nowNanos) {
        if (!timeoutOutstanding) {
            // RFC 5681 §3.1: ssthresh per eq. (4) only when the segment "has not yet been resent by way of
            // the retransmission timer"; repeated expiries for the same data keep it.
            onCongestionEvent(flightSize, nowNanos);
            timeoutOutstanding = true;
        }
        // RFC 5681 §3.1: "cwnd MUST be set to no more than the loss window, LW, which equals 1 full-sized segment".
        cwnd = mss;
        slowStartAfterTimeout = true;
        afterTimeout(nowNanos);
    }

    @Override
    public final void onIdleRestart(long idleNanos, long rtoNanos) {
        // RFC 5681 §4.1: after an idle period longer than RTO, cwnd = min(RW, cwnd), RW = min(IW, cwnd).
        if (idleNanos > rtoNanos && rtoNanos >= 0) {
            long restartWindow = Math.min(initialWindow.bytes(mss), cwnd);
            cwnd = clampCwnd(Math.min(restartWindow, cwnd));
        }
        afterIdle(Math.max(0, idleNanos));
    }

    final long clampCwnd(long value) {
        return Math.min(MAX_CWND_BYTES, Math.max(mss, value));
    }

    private static int clampMss(int smss) {
        return Math.min(65_535, Math.max(1, smss));
    }

    @Override
    public String toString() {
        return name() + "[mss=" + mss + ", cwnd=" + cwnd + ", ssthresh="
                + (ssthresh == INFINITE_SSTHRESH ? "inf" : Long.toString(ssthresh)) + "]";
    }
}
