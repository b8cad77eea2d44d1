package org.margay.net.tcp.cc;

import java.util.List;
import java.util.Locale;

/**
 * The congestion-control plug-in point a TCP connection calls: it owns cwnd and ssthresh (RFC 5681 §3.1) and
 * nothing else. All sizes are bytes, all times nanoseconds.
 *
 * <p>Division of labour. The connection (and {@code org.margay.net.tcp.recovery}) detects loss (dup ACKs,
 * RFC 6675 SACK, RACK-TLP), decides when recovery starts and ends, runs Proportional Rate Reduction
 * (RFC 6937) during recovery by calling {@link #setCwnd}, applies Karn's rule to RTT samples and computes
 * FlightSize. An implementation only answers: how large may the window be now?
 *
 * <p>Call sequence: {@link #init} once the MSS is known (after the handshake, RFC 9293 §3.7.1), then per ACK of
 * new data outside recovery {@link #onAck}; on a loss signal {@link #onCongestionEvent}, then {@link #setCwnd}
 * per ACK during recovery and {@link #onRecoveryExit} at its end; {@link #onRetransmissionTimeout} when the
 * retransmission timer expires; {@link #onIdleRestart} before sending after a pause.
 *
 * <p>What every implementation keeps true, whatever the order or values of the calls:
 * {@code cwnd() >= SMSS}, {@code cwnd() <= } {@link #MAX_CWND_BYTES}, {@code ssthresh() >= 2·SMSS} once any loss
 * was signalled, arithmetic never overflows, and nothing is allocated after construction. Negative sizes and
 * times are treated as 0.
 */
public interface CongestionControl {
    /**
     * ssthresh before any loss: "arbitrarily high" (RFC 5681 §3.1: "The initial value of ssthresh SHOULD be set
     * arbitrarily high").
     */
    long INFINITE_SSTHRESH = Long.MAX_VALUE;

    /**
     * The largest cwnd an implementation reaches, 2^40 bytes: 1024 times the largest window a peer can advertise
     * (65535·2^14, RFC 7323 §2.3), so it never binds in practice, yet keeps every product in range.
     */
    long MAX_CWND_BYTES = 1L << 40;

    /** The MSS assumed before {@link #init} is called: 536 bytes, RFC 9293 §3.7.1's default send MSS. */
    int DEFAULT_MSS = 536;

    /** The names {@link #create} accepts (the CLI's {@code --cc} values). */
    List<String> NAMES = List.of(NewReno.NAME, Cubic.NAME);

    /**
     * Starts a connection: SMSS = {@code mss} (clamped to [1, 65535]), cwnd = the initial window policy given at
     * construction (RFC 5681 §3.1, RFC 6928), ssthresh = {@link #INFINITE_SSTHRESH}; all algorithm state is
     * forgotten.
     */
    void init(int mss);

    /** The congestion window in bytes. */
    long cwnd();

    /** The slow-start threshold in bytes ({@link #INFINITE_SSTHRESH} until the first loss). */
    long ssthresh();

    /** The SMSS now in use. */
    int mss();

    /** Whether the next ACK grows the window by slow start (cwnd &lt; ssthresh, RFC 5681 §3.1). */
    default boolean inSlowStart() {
        return cwnd() < ssthresh();
    }

    /**
     * The SMSS changed (PMTU discovery, RFC 1191/RFC 8899): windows stay in bytes but are raised to the new
     * minimums (cwnd &gt;= SMSS, and ssthresh &gt;= 2·SMSS once set).
     */
    void setMss(int mss);

    /**
     * New data was acknowledged outside loss recovery.
     *
     * @param ackedBytes bytes newly acknowledged by this ACK (SND.UNA advance, plus newly SACKed bytes if the
     *     connection counts them)
     * @param rttNanos an RTT for this ACK, preferably the smoothed RTT (CUBIC, RFC 9438 §4.2); &lt;= 0 means
     *     "none", and the last positive value is used
     * @param nowNanos the time of the ACK
     * @param cwndLimited whether the sender was limited by cwnd (rather than by the application or the peer's
     *     window) when this data was sent. The window grows only then: an application-limited flow has not
     *     proved that the larger window is safe (the spirit of RFC 7661 §4.3, and RFC 9438 §5.8; Linux's
     *     {@code tcp_is_cwnd_limited})
     */
    void onAck(long ackedBytes, long rttNanos, long nowNanos, boolean cwndLimited);

    /**
     * Loss was detected by fast retransmit, SACK or RACK and recovery begins: sets ssthresh (and the algorithm's
     * memory of the window at loss). Does <em>not</em> set cwnd: the connection lowers it with PRR (RFC 6937)
     * through {@link #setCwnd} during recovery. Call once per recovery episode.
     *
     * @param flightSize bytes outstanding when the loss was detected (RFC 5681 §3.1 FlightSize)
     */
    void onCongestionEvent(long flightSize, long nowNanos);

    /** Sets cwnd (PRR during recovery, RFC 6937 §3), clamped to [SMSS, {@link #MAX_CWND_BYTES}]. */
    void setCwnd(long cwnd);

    /**
     * Recovery ended (all data outstanding at its start was acknowledged): cwnd = ssthresh, as RFC 6937 §3
     * prescribes at the end of recovery; congestion avoidance starts anew.
     */
    void onRecoveryExit(long nowNanos);

    /**
     * The retransmission timer expired: ssthresh as on a congestion event (only on the first expiry for the
     * same data: RFC 5681 §3.1 requires the ssthresh reduction "if the given segment has not yet been resent by
     * way of the retransmission timer", so later expiries before any new ACK keep it), and cwnd = the loss
     * window LW = 1 SMSS (RFC 5681 §3.1). Ends any recovery.
     *
     * @param flightSize bytes outstanding when the timer expired
     */
    void onRetransmissionTimeout(long flightSize, long nowNanos);

    /**
     * The connection is about to send after {@code idleNanos} without sending. RFC 5681 §4.1: "if the TCP has
     * not sent data in an interval exceeding the retransmission timeout", cwnd = min(RW, cwnd) with the restart
     * window RW = min(IW, cwnd). Shorter pauses change nothing here.
     */
    void onIdleRestart(long idleNanos, long rtoNanos);

    /**
     * Sets slow start's byte-counting limit L to {@code segments}·SMSS, 1 or 2 (RFC 3465 §2.2; default 2). With 1,
     * cwnd += min(N, SMSS) per ACK, RFC 5681 §3.1 eq. (2). After a timeout L is 1 SMSS either way (RFC 3465 §2.3).
     *
     * @throws IllegalArgumentException unless {@code segments} is 1 or 2
     */
    void slowStartLimitSegments(int segments);

    /**
     * Whether a congestion event sizes ssthresh from cwnd instead of FlightSize: RFC 9438 §4.6 allows it when cwnd
     * cannot grow while the flight is smaller than cwnd (here {@link #onAck}'s {@code cwndLimited} test); Linux
     * does so for CUBIC and Reno alike. Default off (FlightSize, RFC 5681 §3.1 eq. (4)).
     */
    void ssthreshFromCwnd(boolean on);

    /** The algorithm's name as {@link #create} accepts it. */
    String name();

    /**
     * The algorithm called {@code name} ("newreno" or "cubic", case-insensitive) with an initial window of
     * {@code initialWindowSegments}·SMSS. Cold path (connection setup, CLI).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones, or a window outside [1, 1000]
     */
    static CongestionControl create(String name, int initialWindowSegments) {
        return create(name, InitialWindow.segments(initialWindowSegments));
    }

    /**
     * The algorithm called {@code name} with the given initial window policy.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static CongestionControl create(String name, InitialWindow initialWindow) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case NewReno.NAME -> new NewReno(initialWindow);
            case Cubic.NAME -> new Cubic(initialWindow);
            default -> throw new IllegalArgumentException(
                    "unknown congestion control '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    }
}
