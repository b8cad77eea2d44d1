package org.margay.net.tcp.cc;

/**
 * The retransmission-timeout computation of RFC 6298, plus the minimum RTT that RACK needs (RFC 8985 §6.2).
 * All times are nanoseconds.
 *
 * <p>What the caller must do:
 * <ul>
 *   <li><b>Karn's rule (RFC 6298 §3).</b> Never feed {@link #sample} an RTT measured on a segment that was
 *       retransmitted, unless the measurement is unambiguous (the TCP timestamp option, RFC 7323 §4.1, gives
 *       such samples). This class cannot tell: it trusts every sample it is given.</li>
 *   <li><b>At most one sample per round trip is not required</b> (RFC 6298 §2 says the RTT SHOULD be sampled
 *       at least once per RTT; RFC 7323 §4.2 allows one per ACK): every call is one measurement R.</li>
 *   <li>Call {@link #backoff()} each time the retransmission timer expires (RFC 6298 §5.5) and
 *       {@link #onSynRetransmittedBeforeData()} when data transfer begins after a handshake whose SYN or
 *       SYN-ACK had to be retransmitted (RFC 6298 §5.7).</li>
 * </ul>
 *
 * <p>What stays true: {@code minRtoNanos <= rtoNanos() <= maxRtoNanos} at all times; before the first sample
 * {@link #srttNanos()}, {@link #rttvarNanos()}, {@link #latestRttNanos()} and {@link #minRttNanos()} are 0 and
 * {@link #hasSample()} is false. Arithmetic saturates instead of overflowing, whatever the samples. Nothing is
 * allocated after construction; {@link #reset()} readies the object for another connection.
 */
public final class RttEstimator {
    /** RFC 6298 §2.1: "Until a round-trip time (RTT) measurement has been made ... the sender SHOULD set RTO <- 1 second". */
    public static final long DEFAULT_INITIAL_RTO_NANOS = 1_000_000_000L;
    /**
     * The RTO floor. RFC 6298 §2.4 says RTO SHOULD be rounded up to 1 s, and allows a smaller floor; Margay
     * uses Linux's {@code TCP_RTO_MIN} of 200 ms (see docs/design/TCP-ENGINE.md, "Numbers").
     */
    public static final long DEFAULT_MIN_RTO_NANOS = 200_000_000L;
    /** RFC 6298 §2.5: "A maximum value MAY be placed on RTO provided it is at least 60 seconds." */
    public static final long DEFAULT_MAX_RTO_NANOS = 60_000_000_000L;
    /**
     * The clock granularity G of RFC 6298 §2.2/§2.3. Margay's timers fire from the driver loop, whose
     * resolution is far coarser than {@code System.nanoTime()}; 1 ms is a conservative default.
     */
    public static final long DEFAULT_CLOCK_GRANULARITY_NANOS = 1_000_000L;
    /** RFC 6298 §5.7: the RTO used once data flows after a handshake whose SYN or SYN-ACK was retransmitted. */
    public static final long SYN_RETRANSMITTED_RTO_NANOS = 3_000_000_000L;
    /**
     * The window of the minimum-RTT filter. RFC 8985 §6.2 asks for "a windowed min-filtered estimate of recent
     * RTT measurements"; Linux's {@code tcp_min_rtt_wlen} default is 300 s, and so is this.
     */
    public static final long DEFAULT_MIN_RTT_WINDOW_NANOS = 300_000_000_000L;

    // RFC 6298 §2.3: alpha = 1/8, beta = 1/4, K = 4 ("The above SHOULD be computed using alpha=1/8 and beta=1/4").
    private static final int ALPHA_SHIFT = 3;
    private static final int BETA_SHIFT = 2;
    private static final int K = 4;

    private final long initialRtoNanos;
    private final long minRtoNanos;
    private final long maxRtoNanos;
    private final long clockGranularityNanos;
    private final WindowedMinimum minRtt;

    private boolean hasSample;
    private long srttNanos;
    private long rttvarNanos;
    private long latestRttNanos;
    private long lastSampleTimeNanos;
    /** RTO from the estimate alone (RFC 6298 §2), already clamped to [min, max]. */
    private long baseRtoNanos;
    /** {@link #baseRtoNanos} after the back-offs of RFC 6298 §5.5, clamped to max. */
    private long rtoNanos;
    private int backoffCount;
    /** Linux's RTO: the floor applies to the variance term (see {@link #floorOnVariance(boolean)}). */
    private boolean floorOnVariance;
    /** FreeBSD's rexmit_slop, added to every computed or backed-off RTO (see {@link #slop(long)}). */
    private long slopNanos;

    /** An estimator with the defaults: initial RTO 1 s, floor 200 ms, ceiling 60 s, G = 1 ms. */
    public RttEstimator() {
        this(DEFAULT_INITIAL_RTO_NANOS, DEFAULT_MIN_RTO_NANOS, DEFAULT_MAX_RTO_NANOS, DEFAULT_CLOCK_GRANULARITY_NANOS);
    }

    /**
     * An estimator with the given bounds and the default 300 s minimum-RTT window.
     *
     * @throws IllegalArgumentException unless {@code 0 < minRto <= initialRto <= maxRto} and {@code G >= 0}
     */
    public RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos, long clockGranularityNanos) {
        this(initialRtoNanos, minRtoNanos, maxRtoNanos, clockGranularityNanos, DEFAULT_MIN_RTT_WINDOW_NANOS);
    }

    /**
     * An estimator with every parameter given.
     *
     * @param minRttWindowNanos how long a minimum-RTT sample stays the minimum (RFC 8985 §6.2), &gt; 0
     * @throws IllegalArgumentException unless {@code 0 < minRto <= initialRto <= maxRto}, {@code G >= 0} and
     *     the window is positive
     */
    public RttEstimator(long initialRtoNanos, long minRtoNanos, long maxRtoNanos, long clockGranularityNanos,
            long minRttWindowNanos) {
        if (minRtoNanos <= 0 || initialRtoNanos < minRtoNanos || maxRtoNanos < initialRtoNanos) {
            throw new IllegalArgumentException("RTO bounds must satisfy 0 < min <= initial <= max, got min="
                    + minRtoNanos + " initial=" + initialRtoNanos + " max=" + maxRtoNanos + " (ns)");
        }
        if (clockGranularityNanos < 0) {
            throw new IllegalArgumentException("clock granularity must be >= 0 ns, got " + clockGranularityNanos);
        }
        if (minRttWindowNanos <= 0) {
            throw new IllegalArgumentException("min-RTT window must be > 0 ns, got " + minRttWindowNanos);
        }
        this.initialRtoNanos = initialRtoNanos;
        this.minRtoNanos = minRtoNanos;
        this.maxRtoNanos = maxRtoNanos;
        this.clockGranularityNanos = clockGranularityNanos;
        this.minRtt = new WindowedMinimum(minRttWindowNanos);
        reset();
    }

    /** Back to the state before any measurement (RFC 6298 §2.1): RTO = initial RTO, no back-off. */
    public void reset() {
        hasSample = false;
        srttNanos = 0;
        rttvarNanos = 0;
        latestRttNanos = 0;
        lastSampleTimeNanos = 0;
        baseRtoNanos = initialRtoNanos;
        rtoNanos = initialRtoNanos;
        backoffCount = 0;
        minRtt.clear();
    }

    /**
     * Takes one RTT measurement R, with no time stamp: the minimum-RTT filter sees it at the time of the
     * previous timed sample (so if only this method is used, {@link #minRttNanos()} is the all-time minimum).
     *
     * @return false (and nothing changes) if {@code rttNanos} is negative
     * @see #sample(long, long)
     */
    public boolean sample(long rttNanos) {
        return sample(rttNanos, lastSampleTimeNanos);
    }

    /**
     * Takes one RTT measurement R made at {@code nowNanos}.
     *
     * <ul>
     *   <li>First measurement, RFC 6298 §2.2: SRTT &lt;- R, RTTVAR &lt;- R/2.</li>
     *   <li>Later ones, RFC 6298 §2.3: RTTVAR &lt;- (1 - 1/4)·RTTVAR + 1/4·|SRTT - R| is computed
     *       <em>before</em> SRTT &lt;- (1 - 1/8)·SRTT + 1/8·R, as the RFC requires (the RTTVAR update uses the
     *       old SRTT).</li>
     *   <li>Then RTO &lt;- SRTT + max(G, 4·RTTVAR) (§2.2/§2.3), raised to the floor (§2.4) and lowered to the
     *       ceiling (§2.5).</li>
     *   <li>The back-off is cleared: RFC 6298 §5 (the note after rule 5.7) says a new measurement may
     *       "collapse" an RTO that was backed off by rule 5.5.</li>
     * </ul>
     *
     * @return false (and nothing changes) if {@code rttNanos} is negative
     */
    public boolean sample(long rttNanos, long nowNanos) {
        if (rttNanos < 0) {
            return false;
        }
        if (!hasSample) {
            // RFC 6298 §2.2
            srttNanos = rttNanos;
            rttvarNanos = rttNanos / 2;
            hasSample = true;
        } else {
            // RFC 6298 §2.3, RTTVAR first (it uses the SRTT from before this sample).
            long deviation = Math.abs(srttNanos - rttNanos); // both >= 0: no overflow
            rttvarNanos += (deviation - rttvarNanos) >> BETA_SHIFT;
            srttNanos += (rttNanos - srttNanos) >> ALPHA_SHIFT;
        }
        latestRttNanos = rttNanos;
        lastSampleTimeNanos = Math.max(lastSampleTimeNanos, nowNanos);
        minRtt.update(lastSampleTimeNanos, rttNanos);
        long variance = rttvarNanos > Long.MAX_VALUE / K ? Long.MAX_VALUE : K * rttvarNanos;
        long margin = Math.max(clockGranularityNanos, variance);
        if (floorOnVariance) {
            margin = Math.max(margin, minRtoNanos);
        }
        baseRtoNanos = clampRto(saturatingAdd(srttNanos, margin));
        rtoNanos = baseRtoNanos;
        backoffCount = 0;
        return true;
    }

    /**
     * Linux's RTO ({@code tcp_set_rto}, "make sure rto = 3*rtt"): RTO = SRTT + max(G, 4·RTTVAR, minRto), the
     * floor applied to the variance term rather than to the sum (RFC 6298 §2.4 floors the sum; any larger RTO is
     * allowed by §2). Takes effect from the next sample. Default off.
     */
    public void floorOnVariance(boolean on) {
        floorOnVariance = on;
    }

    /**
     * FreeBSD's retransmission slop ({@code net.inet.tcp.rexmit_slop}, 200 ms there): added to every RTO computed
     * from a measurement or backed off, but not to the initial RTO, so a peer's delayed ACK never races the timer.
     * RFC 6298 sets only a lower bound on the RTO, so a larger one conforms. Default 0.
     *
     * @throws IllegalArgumentException if negative
     */
    public void slop(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("RTO slop must be >= 0 ns: " + nanos);
        }
        slopNanos = nanos;
    }

    /** The current retransmission timeout: the estimate's RTO with the back-offs applied, within [min, max]. */
    public long rtoNanos() {
        if (slopNanos > 0 && (hasSample || backoffCount > 0)) {
            return Math.min(maxRtoNanos, saturatingAdd(rtoNanos, slopNanos));
        }
        return rtoNanos;
    }

    /** The smoothed RTT (RFC 6298 SRTT), or 0 before the first sample. */
    public long srttNanos() {
        return srttNanos;
    }

    /** The RTT variation (RFC 6298 RTTVAR), or 0 before the first sample. */
    public long rttvarNanos() {
        return rttvarNanos;
    }

    /** The most recent measurement R, or 0 before the first sample (RACK's RTT input, RFC 8985 §6.2). */
    public long latestRttNanos() {
        return latestRttNanos;
    }

    /**
     * The windowed minimum RTT, RACK.min_RTT of RFC 8985 §6.2 step 1, which says the sender "SHOULD track a
     * windowed min-filtered estimate of recent RTT measurements" rather than a global minimum. This is the
     * minimum of the samples of the last {@link #DEFAULT_MIN_RTT_WINDOW_NANOS 300 s} (or the window given at
     * construction), kept by a three-candidate min-filter; samples given without a time stamp count at the time
     * of the latest timed sample. 0 before the first sample.
     */
    public long minRttNanos() {
        return minRtt.value();
    }

    /** Whether at least one measurement was taken since construction or {@link #reset()}. */
    public boolean hasSample() {
        return hasSample;
    }

    /**
     * The retransmission timer expired: RFC 6298 §5.5, "The host MUST set RTO &lt;- RTO * 2 ('back off the
     * timer')", with the ceiling of §2.5 applied. Also counts the expiry.
     */
    public void backoff() {
        rtoNanos = rtoNanos > maxRtoNanos / 2 ? maxRtoNanos : Math.min(maxRtoNanos, rtoNanos * 2);
        if (backoffCount < Integer.MAX_VALUE) {
            backoffCount++;
        }
    }

    /** How many times {@link #backoff()} was called since the last sample or reset of the back-off. */
    public int backoffCount() {
        return backoffCount;
    }

    /** Drops the back-off: RTO returns to the value computed from the estimate (RFC 6298 §2). */
    public void resetBackoff() {
        rtoNanos = baseRtoNanos;
        backoffCount = 0;
    }

    /**
     * RFC 6298 §5.7: "If the timer expires awaiting the ACK of a SYN segment and the TCP implementation is using
     * an RTO less than 3 seconds, the RTO MUST be re-initialized to 3 seconds when data transmission begins".
     * Call this when the handshake completes if the SYN (or SYN-ACK) was retransmitted. It acts only while no
     * measurement exists (Karn's rule usually leaves none; a timestamp sample supersedes the rule, since RTO is
     * then computed from it): RTO becomes max(RTO, 3 s) within [min, max], without back-off.
     */
    public void onSynRetransmittedBeforeData() {
        if (hasSample) {
            return;
        }
        baseRtoNanos = clampRto(Math.max(initialRtoNanos, SYN_RETRANSMITTED_RTO_NANOS));
        rtoNanos = baseRtoNanos;
        backoffCount = 0;
    }

    /** The floor (RFC 6298 §2.4). */
    public long minRtoNanos() {
        return minRtoNanos;
    }

    /** The ceiling (RFC 6298 §2.5). */
    public long maxRtoNanos() {
        return maxRtoNanos;
    }

    private long clampRto(long rto) {
        return Math.min(maxRtoNanos, Math.max(minRtoNanos, rto));
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum; // both operands are >= 0 here
    }

    @Override
    public String toString() {
        return "RttEstimator[srtt=" + srttNanos + "ns, rttvar=" + rttvarNanos + "ns, rto=" + rtoNanos
                + "ns, backoffs=" + backoffCount + "]";
    }
}
