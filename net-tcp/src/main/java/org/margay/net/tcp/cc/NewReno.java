package org.margay.net.tcp.cc;

/**
 * Reno congestion control as RFC 5681 §3.1 specifies it, with Appropriate Byte Counting (RFC 3465): slow start
 * grows cwnd by min(N, 2·SMSS) per ACK, congestion avoidance by one SMSS per cwnd of acknowledged bytes, and a
 * loss sets ssthresh = max(FlightSize/2, 2·SMSS) (RFC 5681 eq. (4)).
 *
 * <p>The "New" of NewReno, RFC 6582's partial-ACK handling (retransmit the next hole, stay in recovery until
 * the recovery point is acknowledged), is the loss-recovery module's job ({@code org.margay.net.tcp.recovery}),
 * as is the window during recovery (PRR, RFC 6937, through {@link #setCwnd}). This class only says how large
 * cwnd and ssthresh are.
 *
 * <p>Invariants: those of {@link CongestionControl}; {@code 0 <= bytesAcked < cwnd} between calls.
 */
public final class NewReno extends WindowState {
    /** The name {@link CongestionControl#create} knows this algorithm by. */
    public static final String NAME = "newreno";

    /** RFC 3465 §2.1's bytes_acked counter for congestion avoidance. */
    private long bytesAcked;

    /** NewReno with the {@linkplain InitialWindow#DEFAULT default initial window} (10 segments). */
    public NewReno() {
        this(InitialWindow.DEFAULT);
    }

    /** NewReno with the given initial-window policy. */
    public NewReno(InitialWindow initialWindow) {
        super(initialWindow);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * RFC 3465 §2.1 (and RFC 5681 §3.1's byte-counting variant of congestion avoidance): bytes_acked += N;
     * when bytes_acked &gt;= cwnd, bytes_acked -= cwnd and cwnd += SMSS. So cwnd grows by one SMSS per window
     * of acknowledged data, at most one SMSS per ACK.
     */
    @Override
    void congestionAvoidance(long acked, long nowNanos) {
        bytesAcked += acked; // < cwnd + cwnd <= 2^41: no overflow
        if (bytesAcked >= cwnd) {
            bytesAcked -= cwnd;
            cwnd = clampCwnd(cwnd + mss);
            bytesAcked = Math.min(bytesAcked, cwnd - 1);
        }
    }

    /** RFC 5681 §3.1 eq. (4): ssthresh = max(FlightSize / 2, 2·SMSS); RFC 3465 §2.1: bytes_acked = 0. */
    @Override
    void reduceOnLoss(long flightSize, long nowNanos) {
        ssthresh = Math.max(flightSize / 2, 2L * mss);
        bytesAcked = 0;
    }

    @Override
    void resetAlgorithm() {
        bytesAcked = 0;
    }

    @Override
    void afterTimeout(long nowNanos) {
        bytesAcked = 0; // RFC 3465 §2.1: the counter restarts after a reduction
    }

    @Override
    void afterRecovery(long nowNanos) {
        bytesAcked = 0;
    }

    @Override
    void afterIdle(long idleNanos) {
        // Reno keeps no time-based state.
    }

    /** RFC 3465 §2.1's bytes_acked counter, for tests and diagnostics. */
    public long bytesAcked() {
        return bytesAcked;
    }
}
