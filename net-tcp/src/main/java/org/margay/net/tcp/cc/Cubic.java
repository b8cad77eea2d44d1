package org.margay.net.tcp.cc;

/**
 * CUBIC congestion control, RFC 9438. Windows are kept in bytes; the RFC's formulas, written in segments,
 * are scaled by SMSS.
 *
 * <ul>
 *   <li>§4.2: W_cubic(t) = C·(t − K)³ + W_max, C = 0.4 segments/s³, K = ∛((W_max − cwnd_epoch)/C), where t is
 *       the time since the current congestion-avoidance stage (the "epoch") began and cwnd_epoch the window
 *       then. Each ACK moves cwnd toward target = W_cubic(t + RTT), clamped to [cwnd, 1.5·cwnd].</li>
 *   <li>§4.3 Reno-friendly region: W_est starts at cwnd_epoch and grows by α_cubic·segments_acked/cwnd with
 *       α_cubic = 3(1 − β)/(1 + β); α becomes 1 once W_est reaches cwnd_prior. While W_cubic(t) &lt; W_est,
 *       cwnd = W_est.</li>
 *   <li>§4.4/§4.5 concave (cwnd &lt; W_max) and convex (cwnd ≥ W_max) regions: cwnd += (target − cwnd)/cwnd
 *       per acknowledged segment; the one formula serves both.</li>
 *   <li>§4.6 multiplicative decrease: ssthresh = max(FlightSize·β, 2·SMSS), β = 0.7. cwnd itself is lowered by
 *       the connection's PRR (RFC 6937) and becomes ssthresh at {@link #onRecoveryExit}.</li>
 *   <li>§4.7 fast convergence: if cwnd &lt; W_max at a loss, W_max = cwnd·(1 + β)/2, else W_max = cwnd.</li>
 *   <li>§4.8 timeout: ssthresh as in §4.6, cwnd = 1 SMSS (RFC 5681); the first congestion-avoidance stage
 *       after it uses K = 0 and W_max = cwnd_epoch, and W_est = cwnd_epoch.</li>
 *   <li>§4.10 slow start: RFC 5681 slow start with byte counting (shared with {@link NewReno}). HyStart++
 *       (RFC 9406), which §4.10 recommends, is not implemented.</li>
 *   <li>Not implemented: §4.9 undo of spurious congestion events (needs the loss-recovery module's
 *       detection, RFC 8985/RFC 5682).</li>
 * </ul>
 *
 * <p>The RTT in the target is the {@code rttNanos} given to {@link #onAck} (the RFC means the smoothed RTT, so
 * the connection should pass {@link RttEstimator#srttNanos()}), or the last positive one given. When an epoch
 * would start with W_max ≤ cwnd (no loss yet, or after a timeout) K is 0 and W_max = cwnd_epoch, as §4.8 says
 * for timeouts (Linux does the same). An idle period shifts the epoch start later by its length so that t
 * counts only time spent sending (Linux's 2015 fix; RFC 9438 §5.8 forbids growth while application-limited).
 *
 * <p>Invariants: those of {@link CongestionControl}; while an epoch is open, {@code K >= 0} and
 * {@code W_max >= cwnd_epoch}. All arithmetic is on primitives; nothing is allocated after construction.
 */
public final class Cubic extends WindowState {
    /** The name {@link CongestionControl#create} knows this algorithm by. */
    public static final String NAME = "cubic";
    /** RFC 9438 §4.1: C = 0.4 (segments per second cubed). */
    public static final double C = 0.4;
    /** RFC 9438 §4.1/§4.6: β_cubic = 0.7. */
    public static final double BETA = 0.7;
    /** RFC 9438 §4.3: α_cubic = 3(1 − β_cubic)/(1 + β_cubic) ≈ 0.529. */
    public static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private static final double NANOS_PER_SECOND = 1e9;

    private final boolean fastConvergence;

    /** W_max in bytes (RFC 9438 §4.1): the window before the last reduction; 0 before any loss. */
    private double wMax;
    /** cwnd when the last loss was signalled (RFC 9438 §4.3's cwnd_prior). */
    private double cwndPrior;
    /** Whether the next epoch follows a timeout (RFC 9438 §4.8: K = 0, W_max = cwnd_epoch). */
    private boolean epochAfterTimeout;

    private boolean epochOpen;
    private long epochStartNanos;
    private long cwndEpoch;
    /** K in seconds (RFC 9438 §4.2 eq. (2)). */
    private double kSeconds;
    /** W_est in bytes (RFC 9438 §4.3). */
    private double wEst;
    /** α for W_est: {@link #ALPHA} until W_est reaches cwnd_prior, then 1 (RFC 9438 §4.3). */
    private double alpha;
    /** Fractions of a byte earned by §4.4/§4.5 growth but not yet added to cwnd. */
    private double pendingGrowth;

    /** CUBIC with the default initial window (10 segments) and fast convergence on. */
    public Cubic() {
        this(InitialWindow.DEFAULT, true);
    }

    /** CUBIC with the given initial window and fast convergence on. */
    public Cubic(InitialWindow initialWindow) {
        this(initialWindow, true);
    }

    /**
     * CUBIC with the given initial window; {@code fastConvergence} switches RFC 9438 §4.7 (which the RFC says
     * SHOULD be on).
     */
    public Cubic(InitialWindow initialWindow, boolean fastConvergence) {
        super(initialWindow);
        this.fastConvergence = fastConvergence;
        this.alpha = ALPHA;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    void resetAlgorithm() {
        wMax = 0;
        cwndPrior = 0;
        epochAfterTimeout = false;
        epochOpen = false;
        epochStartNanos = 0;
        cwndEpoch = 0;
        kSeconds = 0;
        wEst = 0;
        alpha = ALPHA;
        pendingGrowth = 0;
    }

    /** Opens a congestion-avoidance epoch at {@code nowNanos} with the current cwnd as cwnd_epoch. */
    private void startEpoch(long nowNanos) {
        epochOpen = true;
        epochStartNanos = nowNanos;
        cwndEpoch = cwnd;
        if (epochAfterTimeout || wMax <= cwnd) {
            // RFC 9438 §4.8 after a timeout; and when there is no higher W_max to return to, the same choice.
            kSeconds = 0;
            wMax = cwnd;
        } else {
            // RFC 9438 §4.2 eq. (2): K = cbrt((W_max - cwnd_epoch) / C), in segments.
            kSeconds = Math.cbrt((wMax - cwnd) / (C * mss));
        }
        epochAfterTimeout = false;
        wEst = cwnd; // RFC 9438 §4.3: W_est = cwnd_epoch at the start of the stage
        alpha = wEst >= cwndPrior ? 1.0 : ALPHA;
        pendingGrowth = 0;
    }

    /** W_cubic(t) in bytes for t seconds into the current epoch (RFC 9438 §4.2 eq. (1)). */
    public double cubicWindowBytes(double tSeconds) {
        double d = tSeconds - kSeconds;
        return C * mss * d * d * d + wMax;
    }

    @Override
    void congestionAvoidance(long acked, long nowNanos) {
        if (!epochOpen) {
            startEpoch(nowNanos);
        }
        double t = Math.max(0, nowNanos - epochStartNanos) / NANOS_PER_SECOND;
        double cw = cwnd;

        // RFC 9438 §4.3 eq. (4), in bytes: W_est += α·SMSS·acked/cwnd.
        wEst += alpha * mss * (acked / cw);
        if (alpha != 1.0 && wEst >= cwndPrior) {
            alpha = 1.0; // RFC 9438 §4.3: Reno's AIMD(1, 0.5) rate once W_est reaches cwnd_prior
        }

        if (cubicWindowBytes(t) < wEst) {
            // RFC 9438 §4.3: Reno-friendly region, cwnd = W_est (never shrinking cwnd on an ACK).
            long reno = wEst >= MAX_CWND_BYTES ? MAX_CWND_BYTES : (long) wEst;
            cwnd = clampCwnd(Math.max(cwnd, reno));
            pendingGrowth = 0;
            return;
        }

        // RFC 9438 §4.2: target = W_cubic(t + RTT), clamped to [cwnd, 1.5·cwnd].
        double rtt = lastRttNanos / NANOS_PER_SECOND;
        double target = Math.min(Math.max(cubicWindowBytes(t + rtt), cw), 1.5 * cw);
        // RFC 9438 §4.4/§4.5: cwnd += (target - cwnd)/cwnd per segment acknowledged; in bytes that is
        // (target - cwnd)·acked/cwnd, never beyond the target.
        pendingGrowth += Math.min((target - cw) * (acked / cw), target - cw);
        if (pendingGrowth >= 1) {
            long whole = (long) Math.min(pendingGrowth, MAX_CWND_BYTES);
            pendingGrowth -= whole;
            cwnd = clampCwnd(cwnd + whole);
        }
    }

    /** RFC 9438 §4.6 (ssthresh) and §4.7 (W_max with fast convergence). */
    @Override
    void reduceOnLoss(long flightSize, long nowNanos) {
        double before = cwnd;
        if (fastConvergence && before < wMax) {
            wMax = before * (1 + BETA) / 2; // §4.7: release bandwidth to newer flows
        } else {
            wMax = before;
        }
        cwndPrior = before;
        // §4.6: ssthresh = flight_size·β_cubic, at least 2·SMSS (the floor is applied by the caller too).
        double reduced = flightSize * BETA;
        ssthresh = Math.max(reduced >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) reduced, 2L * mss);
        epochOpen = false;
        pendingGrowth = 0;
    }

    @Override
    void afterTimeout(long nowNanos) {
        epochOpen = false;
        epochAfterTimeout = true; // §4.8
        pendingGrowth = 0;
    }

    @Override
    void afterRecovery(long nowNanos) {
        startEpoch(nowNanos); // a new congestion-avoidance stage begins at the end of recovery
    }

    @Override
    void afterIdle(long idleNanos) {
        if (epochOpen) {
            epochStartNanos += idleNanos; // keep the curve's shape, shifted by the pause
        }
    }

    /** Whether fast convergence (RFC 9438 §4.7) is on. */
    public boolean fastConvergence() {
        return fastConvergence;
    }

    /** W_max in bytes (0 before the first loss). Diagnostics and tests. */
    public double wMaxBytes() {
        return wMax;
    }

    /** K in seconds of the current epoch (RFC 9438 §4.2). Diagnostics and tests. */
    public double kSeconds() {
        return kSeconds;
    }

    /** W_est in bytes of the current epoch (RFC 9438 §4.3). Diagnostics and tests. */
    public double wEstBytes() {
        return wEst;
    }

    /** Whether a congestion-avoidance epoch is open. */
    public boolean epochOpen() {
        return epochOpen;
    }

    /** When the current epoch began (shifted by idle periods); meaningful only while {@link #epochOpen()}. */
    public long epochStartNanos() {
        return epochStartNanos;
    }

    /** cwnd when the current epoch began (RFC 9438 cwnd_epoch). */
    public long cwndEpochBytes() {
        return cwndEpoch;
    }
}
