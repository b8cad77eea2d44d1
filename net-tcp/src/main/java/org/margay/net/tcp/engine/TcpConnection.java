package org.margay.net.tcp.engine;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;
import org.margay.net.tcp.SequenceNumber;
import org.margay.net.tcp.TcpOptionKind;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.Assembler;
import org.margay.net.tcp.buffer.ReceiveBuffer;
import org.margay.net.tcp.buffer.SendBuffer;
import org.margay.net.tcp.cc.CongestionControl;
import org.margay.net.tcp.cc.RttEstimator;
import org.margay.net.tcp.recovery.AckResult;
import org.margay.net.tcp.recovery.ProportionalRateReduction;
import org.margay.net.tcp.recovery.Rack;
import org.margay.net.tcp.recovery.TailLossProbe;
import org.margay.net.tcp.recovery.TransmitLedger;

/**
 * One TCP connection: the TCB of RFC 9293 §3.3.1 (with window scaling, RFC 7323 §2, and TS.Recent/Last.ACK.sent,
 * RFC 7323 §4.3) and the event processing of RFC 9293 §3.10: the user calls (OPEN through {@link TcpLayer#connect}
 * and {@link TcpListener}, {@link #send}, {@link #receive}, {@link #close}, {@link #shutdownOutput}, {@link #abort}),
 * SEGMENT ARRIVES (from {@link TcpLayer#onSegment}) and the timeouts, with output through {@link #poll}-time
 * emission to a {@link SegmentSink}.
 *
 * <p>Single-threaded: the layer, the application and the listener callbacks all run on the engine's thread.
 * The send and receive rings and the transmit ledger hold no storage until first used (a half-open connection
 * holds only the ledger entries of its SYN), then grow, doubling, up to the sizes {@link TcpConfig} gives: a bounded
 * number of allocations per connection, none in steady state. The window advertised is computed from the
 * configured receive buffer size, never from the storage held. TIME-WAIT and CLOSED give the storage back
 * ({@link #bufferMemoryBytes()}).
 *
 * <p>What must stay true: {@code SND.UNA <= SND.NXT}; the send ring's offset 0 is the first unacknowledged data
 * byte; {@code RCV.NXT <= rcvAdv} (the right edge we advertised never moves left, RFC 9293 §3.8.6); every segment
 * in flight has one ledger entry; the retransmission timer runs exactly while data or FIN is unacknowledged and is
 * restarted only when new data is acknowledged or a retransmission is sent after expiry (RFC 6298 §5), so it never
 * drifts with new transmissions.
 */
public final class TcpConnection {
    private static final long TS_TICK_NANOS = 1_000_000L; // RFC 7323 §5.4: 1 ms timestamp clock
    private static final long PAWS_IDLE_NANOS = 24L * 24 * 3600 * 1_000_000_000L; // RFC 7323 §5.5: 24 days
    private static final int DEFAULT_PEER_MSS = 536; // RFC 9293 §3.7.1
    private static final int TS_LENGTH = 12; // NOP NOP TS
    private static final long NONE = Long.MAX_VALUE;

    static final int LOSS_RTO = 0;
    static final int LOSS_FAST = 1;
    static final int LOSS_RACK = 2;

    private static final TcpConnectionListener NO_LISTENER = new TcpConnectionListener() {
    };

    final TcpLayer layer;
    /**
     * This connection's settings: the layer's, or those given to {@link TcpLayer#connect(long, int, int, int, int,
     * TcpConfig)} or {@link TcpLayer#listen(int, int, int, TcpConfig)}, with {@link #noDelay(boolean)} and
     * {@link #keepAlive(boolean)} applied. Replaced (never mutated) by those setters, on the cold path.
     */
    TcpConfig config;
    final int localIp;
    final int localPort;
    final int remoteIp;
    final int remotePort;

    private TcpState state = TcpState.CLOSED;
    private int error;
    private int softError;
    private TcpConnectionListener listener = NO_LISTENER;
    private final TcpStats stats;

    private final SendBuffer sendBuffer;
    private final ReceiveBuffer receiveBuffer;
    /** The receive ring's size: the buffer size, plus headroom for rounding to the MSS when configured. */
    private final int receiveRing;
    private final Assembler assembler;
    private final TransmitLedger ledger;
    private final Rack rack = new Rack();
    private final ProportionalRateReduction prr = new ProportionalRateReduction();
    private final TailLossProbe tlp;
    private final RttEstimator rtt;
    private final CongestionControl cc;
    private final OutgoingOptions out = new OutgoingOptions();
    private final int[] sackLeft = new int[TcpOptionKind.MAX_SACK_BLOCKS];
    private final int[] sackRight = new int[TcpOptionKind.MAX_SACK_BLOCKS];

    // RFC 9293 §3.3.1 send sequence variables (raw 32-bit sequence numbers).
    int iss;
    int sndUna;
    int sndNxt;
    private int sndWl1;
    private int sndWl2;
    private long sndWnd;
    private long maxSndWnd;
    private int sndShift;
    /** Sequence number of the send ring's offset 0. */
    private int bufferSeq;
    // Receive sequence variables.
    int irs;
    int rcvNxt;
    /** The right edge of the window we advertised: RCV.NXT + RCV.WND. */
    private int rcvAdv;
    private int rcvShift;
    // Options.
    private boolean wsOn;
    private boolean tsOn;
    private boolean sackOn;
    private int tsRecent;
    private boolean tsRecentValid;
    private long tsRecentNanos;
    private int lastAckSent;
    private int tsOffset;
    /** The TSval our latest SYN or SYN-ACK carried. */
    private int lastSynTsVal;
    /** Our SYN was retransmitted without options ({@link TcpConfig#dropSynOptionsAfter()}). */
    private boolean synOptionsDropped;
    private int peerMss = DEFAULT_PEER_MSS;
    /** min(our MSS, the peer's MSS): a segment's payload plus its option bytes never exceed it (RFC 6691 §2). */
    private int mssLimit;
    /** Payload of a full segment with timestamps: the SMSS congestion control counts in. */
    private int smss;
    private int rcvMss;

    // FIN bookkeeping.
    private boolean finQueued;
    private boolean finSent;
    private int finSeq;
    private boolean appClosed;
    /** The application closed with {@code close(true)}: it reads no more (RFC 1122 §4.2.2.13). */
    private boolean inputClosed;
    private boolean peerFinKnown;
    private int peerFinSeq;
    private boolean peerFinReceived;

    // Passive open.
    TcpListener parent;
    boolean passive;

    // Output requests.
    private boolean synDue;
    private boolean ackNow;
    private boolean dsackPending;
    private int dsackLeft;
    private int dsackRight;
    private int pendingAckBytes;
    /** Segments still to acknowledge at once in quick-ACK mode (Linux's quickack). */
    private int quickAcks;
    private boolean dataReceived;
    private long lastDataNanos;
    private boolean overrideSws;
    private boolean probeDue;
    private boolean keepAliveDue;
    private boolean tlpDue;
    private boolean sendBufferWasFull;
    private boolean cwndLimited;
    /** The end of the last short (sub-MSS) segment sent: Minshall's Nagle variant. */
    private int lastShortEnd;

    // Timers (absolute nanoseconds, NONE = off).
    private long rtoDeadline = NONE;
    private long delayedAckDeadline = NONE;
    private long persistDeadline = NONE;
    private long keepAliveDeadline = NONE;
    private long lingerDeadline = NONE;
    private long tlpDeadline = NONE;
    private long rackDeadline = NONE;
    private int persistBackoff;
    private int keepAliveProbes;
    private long lastReceiveNanos;
    private long synSentNanos;
    private int synRetransmits;
    private int consecutiveRtos;

    // Loss recovery.
    private boolean inRecovery;
    private boolean rtoRecovery;
    private int recoveryPoint;
    private boolean recoveryPointValid;
    private int dupAcks;
    private int lossReason = LOSS_FAST;
    private boolean forceRetransmit;

    // Layer bookkeeping.
    TcpConnection readyNext;
    boolean inReady;
    int heapIndex = -1;
    long heapDeadline = NONE;
    boolean released;

    TcpConnection(TcpLayer layer, TcpConfig config, int localIp, int localPort, int remoteIp, int remotePort) {
        this.layer = layer;
        this.config = config;
        this.localIp = localIp;
        this.localPort = localPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.sendBuffer = SendBuffer.growable(config.sendBufferSize());
        if (config.roundReceiveBufferToMss()) {
            // Headroom to round up to a multiple of the MSS once it is known (computeMss), at most MSS − 1 bytes.
            int ring = (int) Math.min(TcpConfig.MAX_BUFFER, (long) config.receiveBufferSize() + config.mss() - 1);
            this.receiveRing = ring;
            this.receiveBuffer = ReceiveBuffer.growable(ring);
            this.receiveBuffer.limit(config.receiveBufferSize());
        } else {
            this.receiveRing = config.receiveBufferSize();
            this.receiveBuffer = ReceiveBuffer.growable(config.receiveBufferSize());
        }
        this.assembler = new Assembler(config.reassemblyRanges());
        // One entry per segment in flight: enough for a full send ring of small segments.
        this.ledger = TransmitLedger.growable(Math.min(1 << 16, config.sendBufferSize() / 64 + 16), 0);
        this.ledger.setDeliveryListener(rack); // RFC 8985 §6.2 steps 2-3: every delivered entry feeds RACK
        this.rtt = new RttEstimator(config.initialRtoNanos(), config.minRtoNanos(), config.maxRtoNanos(),
                RttEstimator.DEFAULT_CLOCK_GRANULARITY_NANOS);
        this.cc = CongestionControl.create(config.congestionControl(), config.initialWindowSegments());
        this.cc.slowStartLimitSegments(config.slowStartLimitSegments());
        this.cc.ssthreshFromCwnd(config.ssthreshFromCwnd());
        this.rtt.floorOnVariance(config.rtoFloorOnVariance());
        this.rtt.slop(config.rtoSlopNanos());
        this.tlp = new TailLossProbe(TailLossProbe.DEFAULT_MAX_ACK_DELAY_NANOS, config.minProbeTimeoutNanos());
        this.stats = new TcpStats(rtt, cc);
        this.mssLimit = Math.min(config.mss(), DEFAULT_PEER_MSS);
        this.smss = mssLimit;
        this.rcvMss = Math.min(config.mss(), DEFAULT_PEER_MSS);
    }

    // =====================================================================================================
    // Application API
    // =====================================================================================================

    /**
     * The settings this connection really uses (for getsockopt): buffer sizes, MSS ceiling (TCP_MAXSEG), Nagle and
     * keep-alive as they are now. Layer-wide settings in it (SYN cookies, backlogs, challenge-ACK limit) are the
     * layer's to apply and mean nothing per connection.
     */
    public TcpConfig config() {
        return config;
    }

    /** TCP_NODELAY: whether Nagle's algorithm (RFC 9293 §3.7.4) is off for this connection. */
    public boolean noDelay() {
        return config.noDelay();
    }

    /**
     * TCP_NODELAY at any time: {@code true} turns Nagle's algorithm off (RFC 9293 §3.7.4, RFC 1122 §4.2.3.4: "a TCP
     * SHOULD implement the Nagle algorithm ... MUST be a way for an application to disable it"); small segments
     * held back by it go out on the next poll. Cold path (allocates a new config).
     */
    public void noDelay(boolean on) {
        if (on == config.noDelay()) {
            return;
        }
        config = config.toBuilder().noDelay(on).build();
        if (on && state != TcpState.CLOSED) {
            layer.touch(this);
        }
    }

    /** TCP_USER_TIMEOUT in nanoseconds (RFC 5482), 0 for none. */
    public long userTimeoutNanos() {
        return config.userTimeoutNanos();
    }

    /**
     * TCP_USER_TIMEOUT at any time (RFC 5482 §3, RFC 9293 §3.8.3: the application may change it): data left
     * unacknowledged this long after its first transmission aborts the connection with ETIMEDOUT at the next
     * retransmission timeout, which is brought forward to that moment. 0 turns it off. Cold path.
     *
     * @throws IllegalArgumentException if negative
     */
    public void userTimeoutNanos(long nanos) {
        if (nanos == config.userTimeoutNanos()) {
            return;
        }
        config = config.toBuilder().userTimeoutNanos(nanos).build();
    }

    /** SO_KEEPALIVE: whether keep-alive probes are on (RFC 1122 §4.2.3.6). */
    public boolean keepAlive() {
        return config.keepAlive();
    }

    /**
     * SO_KEEPALIVE at any time (RFC 1122 §4.2.3.6, "MUST default to off"): on arms the idle timer from now with
     * the config's idle time, interval and probe count; off disarms it and forgets unanswered probes. Cold path.
     */
    public void keepAlive(boolean on) {
        if (on == config.keepAlive()) {
            return;
        }
        config = config.toBuilder().keepAlive(on).build();
        keepAliveProbes = 0;
        keepAliveDue = false;
        keepAliveDeadline = NONE;
        if (on) {
            armKeepAlive(layer.now());
        }
        if (state != TcpState.CLOSED) {
            layer.touch(this);
        }
    }

    /** The state (RFC 9293 §3.3.2). */
    public TcpState state() {
        return state;
    }

    /** Why the connection died: a {@link TcpError} code, 0 while alive or after a clean close. */
    public int error() {
        return error;
    }

    /** The last soft error an ICMP message reported (RFC 1122 §4.2.3.9), 0 if none. */
    public int softError() {
        return softError;
    }

    /** This connection's counters. */
    public TcpStats stats() {
        return stats;
    }

    /** Sets the callbacks (null for none). */
    public void listener(TcpConnectionListener l) {
        listener = l == null ? NO_LISTENER : l;
    }

    /** Local IPv4 address. */
    public int localIp() {
        return localIp;
    }

    /** Local port. */
    public int localPort() {
        return localPort;
    }

    /** Remote IPv4 address. */
    public int remoteIp() {
        return remoteIp;
    }

    /** Remote port. */
    public int remotePort() {
        return remotePort;
    }

    /**
     * SEND (RFC 9293 §3.10.2): copies up to {@code len} bytes into the send ring and returns how many it took
     * (0 when the ring is full), or -1 when the connection can no longer send (closed, reset, or our FIN
     * requested). Data queued in SYN-SENT or SYN-RECEIVED goes out once the connection is established.
     */
    public int send(MemorySegment src, long off, int len) {
        if (!state.canSend() || finQueued) {
            return -1;
        }
        int taken = sendBuffer.append(src, off, len);
        if (taken < len) {
            sendBufferWasFull = true;
        }
        if (taken > 0) {
            layer.touch(this);
        }
        return taken;
    }

    /** SEND from a heap array (cold path, tests). */
    public int send(byte[] src, int index, int len) {
        return send(MemorySegment.ofArray(src), index, len);
    }

    /**
     * RECEIVE (RFC 9293 §3.10.3): moves up to {@code len} in-order bytes into {@code dst}; returns the bytes
     * copied, 0 when nothing is readable yet, -1 at end of stream (the peer's FIN was received and everything
     * before it read). Reading may open the window, and then a window update is sent (RFC 9293 §3.8.6.2.2).
     */
    public int receive(MemorySegment dst, long off, int len) {
        int n = receiveBuffer.read(dst, off, len);
        if (n == 0) {
            return peerFinReceived ? -1 : 0;
        }
        if (receiveBuffer.readable() == 0 && (state == TcpState.TIME_WAIT || state == TcpState.CLOSED)) {
            releaseStorage(); // the last bytes of a finished connection were read
        }
        if (state.canReceive() && windowUpdateWorthSending()) {
            ackNow = true;
            layer.touch(this);
        }
        return n;
    }

    /** RECEIVE into a heap array (cold path, tests). */
    public int receive(byte[] dst, int index, int len) {
        return receive(MemorySegment.ofArray(dst), index, len);
    }

    /** In-order bytes ready to read. */
    public int readableBytes() {
        return receiveBuffer.readable();
    }

    /** Whether {@link #receive} would return something other than 0: data, or the end of stream. */
    public boolean readable() {
        return receiveBuffer.readable() > 0 || peerFinReceived;
    }

    /** Whether {@link #send} would take at least one byte. */
    public boolean writable() {
        return state.canSend() && !finQueued && sendBuffer.free() > 0;
    }

    /** Whether the peer's FIN arrived and every byte before it was read. */
    public boolean eof() {
        return peerFinReceived && receiveBuffer.readable() == 0;
    }

    /** Bytes queued and not yet acknowledged. */
    public int unacknowledgedBytes() {
        return sendBuffer.length();
    }

    /**
     * CLOSE (RFC 9293 §3.10.4): no more data from us. Queued data is still sent, then our FIN. ESTABLISHED goes to
     * FIN-WAIT-1, CLOSE-WAIT to LAST-ACK; in SYN-SENT the connection simply ends. Unlike {@link #shutdownOutput},
     * the application also gives up reading, so an orphaned FIN-WAIT-2 times out
     * ({@link TcpConfig#finWait2TimeoutNanos()}).
     */
    public void close() {
        close(false);
    }

    /**
     * CLOSE, saying whether the application also stops reading ({@code true}: POSIX {@code close()}, no receive
     * call will follow). Then new data that arrives is lost, and the connection answers it with a reset (RFC 1122
     * §4.2.2.13: "if new data is received after CLOSE is called, its TCP SHOULD send a RST to show that data was
     * lost"; RFC 2525 §2.17) and ends with {@link TcpError#ECONNRESET}. {@code close(false)} is {@link #close()}.
     */
    public void close(boolean stopReading) {
        if (stopReading) {
            inputClosed = true;
        }
        appClosed = true;
        shutdownOutput();
        if (state == TcpState.FIN_WAIT_2 && lingerDeadline == NONE) {
            lingerDeadline = layer.now() + config.finWait2TimeoutNanos();
            layer.touch(this);
        }
    }

    /** Half-close: sends our FIN after the queued data but keeps receiving (FIN-WAIT-1/2), RFC 9293 §3.6. */
    public void shutdownOutput() {
        switch (state) {
            case SYN_SENT -> enterClosed(TcpError.NONE);
            case SYN_RECEIVED -> finQueued = true; // FIN-WAIT-1 once established (RFC 9293 §3.10.4)
            case ESTABLISHED -> {
                finQueued = true;
                moveTo(TcpState.FIN_WAIT_1);
            }
            case CLOSE_WAIT -> {
                finQueued = true;
                moveTo(TcpState.LAST_ACK);
            }
            default -> {
                // already closing or closed
            }
        }
        layer.touch(this);
    }

    /**
     * ABORT (RFC 9293 §3.10.5): in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1/2 and CLOSE-WAIT a reset
     * {@code <SEQ=SND.NXT><CTL=RST>} is sent; queued data is discarded and the connection is CLOSED with
     * {@link TcpError#ECONNABORTED}.
     */
    public void abort() {
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                // <SEQ=SND.NXT><CTL=RST> (RFC 9293 §3.10.5), with ACK = RCV.NXT and the window as Linux and
                // FreeBSD send it, and a timestamp option when negotiated (RFC 7323 §3.2: TSopt SHOULD be sent in
                // an RST), TSecr = TS.Recent.
                int flags = TcpSegment.RST | TcpSegment.ACK;
                int window = Math.min(Math.max(0, rcvAdv - rcvNxt) >>> rcvShift, 0xFFFF);
                layer.queueReset(localIp, localPort, remoteIp, remotePort, sndNxt, rcvNxt, flags, window, tsOn,
                        tsNow(layer.now()), tsRecent);
            }
            default -> {
            }
        }
        if (state != TcpState.CLOSED) {
            enterClosed(TcpError.ECONNABORTED);
        }
    }

    /** The earliest time this connection needs {@link #poll}, or {@code Long.MAX_VALUE}. */
    public long nextDeadline() {
        long d = rtoDeadline;
        d = Math.min(d, delayedAckDeadline);
        d = Math.min(d, persistDeadline);
        d = Math.min(d, keepAliveDeadline);
        d = Math.min(d, lingerDeadline);
        d = Math.min(d, tlpDeadline);
        d = Math.min(d, rackDeadline);
        return d;
    }

    // Read-only views of the TCB, for tests and diagnostics.

    /** SND.UNA. */
    public int sndUna() {
        return sndUna;
    }

    /** SND.NXT. */
    public int sndNxt() {
        return sndNxt;
    }

    /** SND.WND, scaled, in bytes. */
    public long sndWnd() {
        return sndWnd;
    }

    /** RCV.NXT. */
    public int rcvNxt() {
        return rcvNxt;
    }

    /** The window we advertise now, in bytes (RCV.WND). */
    public int rcvWnd() {
        return rcvAdv - rcvNxt;
    }

    /** The peer's window shift (applied to received windows), 0..14. */
    public int sndWindowShift() {
        return sndShift;
    }

    /** Our window shift (applied to windows we send). */
    public int rcvWindowShift() {
        return rcvShift;
    }

    /** Whether timestamps were negotiated. */
    public boolean timestampsEnabled() {
        return tsOn;
    }

    /** Whether SACK was negotiated. */
    public boolean sackEnabled() {
        return sackOn;
    }

    /** The effective send MSS: payload bytes of a full segment carrying timestamps (RFC 6691 §2). */
    public int effectiveMss() {
        return smss;
    }

    /** Whether the connection is in fast recovery. */
    public boolean inRecovery() {
        return inRecovery;
    }

    /** {@link #congestionState()}: no loss suspected. */
    public static final int CA_OPEN = 0;
    /** {@link #congestionState()}: duplicate ACKs or SACKs seen, loss not yet declared (RFC 5681 §3.2, RFC 6675). */
    public static final int CA_DISORDER = 1;
    /** {@link #congestionState()}: window reduced without loss (ECN, RFC 3168); Margay never enters it. */
    public static final int CA_CWR = 2;
    /** {@link #congestionState()}: fast recovery (RFC 6675 §5, RFC 6937). */
    public static final int CA_RECOVERY = 3;
    /** {@link #congestionState()}: repairing after a retransmission timeout (RFC 5681 §3.1, RFC 6298 §5). */
    public static final int CA_LOSS = 4;

    /**
     * The sender's congestion state, numbered as Linux's {@code tcpi_ca_state}: {@link #CA_LOSS} after a timeout
     * until its recovery point is acknowledged, {@link #CA_RECOVERY} in fast recovery, {@link #CA_DISORDER} while
     * duplicate ACKs or SACKed data hint at loss or reordering, else {@link #CA_OPEN}.
     */
    public int congestionState() {
        if (rtoRecovery) {
            return CA_LOSS;
        }
        if (inRecovery) {
            return CA_RECOVERY;
        }
        return dupAcks > 0 || ledger.sackedSegments() > 0 ? CA_DISORDER : CA_OPEN;
    }

    /** Segments sent and not yet cumulatively acknowledged (Linux's tcpi_unacked, packets_out). */
    public int unackedSegments() {
        return ledger.size();
    }

    /** Segments in flight the peer SACKed (tcpi_sacked). */
    public int sackedSegments() {
        return ledger.sackedSegments();
    }

    /** The congestion controller (read-only use). */
    public CongestionControl congestionControl() {
        return cc;
    }

    /** The RTT estimator (read-only use). */
    public RttEstimator rttEstimator() {
        return rtt;
    }

    @Override
    public String toString() {
        return "TcpConnection{" + Integer.toHexString(localIp) + ":" + localPort + " -> " + Integer.toHexString(remoteIp)
                + ":" + remotePort + ", " + state + ", una=" + Integer.toUnsignedString(sndUna) + ", nxt="
                + Integer.toUnsignedString(sndNxt) + ", rcvNxt=" + Integer.toUnsignedString(rcvNxt) + '}';
    }

    // =====================================================================================================
    // OPEN (RFC 9293 §3.10.1) and the handshake
    // =====================================================================================================

    /** Active OPEN: SYN-SENT, SYN queued for the next poll. */
    void openActive(long now, int isn) {
        iss = isn;
        sndUna = isn;
        sndNxt = isn;
        bufferSeq = isn + 1;
        lastShortEnd = isn;
        ledger.reset(isn + 1);
        tsOffset = layer.timestampOffset(localIp, localPort, remoteIp, remotePort);
        moveTo(TcpState.SYN_SENT);
        synDue = true;
        lastReceiveNanos = now;
    }

    /** Passive OPEN from a listener's SYN (RFC 9293 §3.10.7.2): SYN-RECEIVED, SYN-ACK queued. */
    void openPassive(long now, TcpSegment seg, TcpOptions o, int isn) {
        iss = isn;
        sndUna = isn;
        sndNxt = isn;
        bufferSeq = isn + 1;
        lastShortEnd = isn;
        ledger.reset(isn + 1);
        tsOffset = layer.timestampOffset(localIp, localPort, remoteIp, remotePort);
        passive = true;
        irs = seg.sequenceNumber();
        rcvNxt = irs + 1;
        negotiate(o, config.windowScaling() && o.hasWindowScale(), config.sack() && o.sackPermitted(),
                config.timestamps() && o.hasTimestamps());
        sndWnd = seg.window(); // RFC 7323 §2.2: the window of a SYN is never scaled
        maxSndWnd = sndWnd;
        sndWl1 = irs;
        sndWl2 = sndUna;
        rcvAdv = rcvNxt + synWindow();
        moveTo(TcpState.SYN_RECEIVED);
        synDue = true;
        lastReceiveNanos = now;
    }

    /**
     * A connection rebuilt from a valid SYN cookie (RFC 4987 §3.6): ESTABLISHED at once. The ACK that carried the
     * cookie is then processed normally by the caller, so any data on it is delivered.
     */
    void openFromCookie(long now, TcpSegment ack, int mss, int peerShift, boolean sack, boolean timestamps,
                        int tsVal) {
        iss = ack.acknowledgmentNumber() - 1;
        sndUna = iss + 1;
        sndNxt = iss + 1;
        bufferSeq = iss + 1;
        lastShortEnd = iss;
        ledger.reset(iss + 1);
        tsOffset = layer.timestampOffset(localIp, localPort, remoteIp, remotePort);
        passive = true;
        irs = ack.sequenceNumber() - 1;
        rcvNxt = irs + 1;
        peerMss = mss;
        wsOn = peerShift >= 0 && config.windowScaling();
        sndShift = wsOn ? peerShift : 0;
        rcvShift = wsOn ? config.receiveWindowShift() : 0;
        sackOn = sack && config.sack();
        tsOn = timestamps && config.timestamps();
        if (tsOn) {
            tsRecent = tsVal;
            tsRecentValid = true;
            tsRecentNanos = now;
        }
        computeMss();
        // The SYN-ACK carried min(window, 65535) unscaled; the window from here on is scaled.
        rcvAdv = rcvNxt + synWindow();
        sndWnd = (long) ack.window() << sndShift;
        maxSndWnd = sndWnd;
        sndWl1 = ack.sequenceNumber();
        sndWl2 = ack.acknowledgmentNumber();
        lastAckSent = rcvNxt;
        lastReceiveNanos = now;
        enterEstablished(now);
    }

    private void negotiate(TcpOptions o, boolean ws, boolean sack, boolean ts) {
        peerMss = o.hasMss() && o.mss() > 0 ? o.mss() : DEFAULT_PEER_MSS;
        wsOn = ws;
        sndShift = ws ? o.windowScale() : 0; // RFC 7323 §2.3: shifts above 14 are used as 14
        rcvShift = ws ? config.receiveWindowShift() : 0;
        sackOn = sack;
        tsOn = ts;
        if (ts) {
            tsRecent = o.timestampValue();
            tsRecentValid = true;
            tsRecentNanos = layer.now();
        }
        computeMss();
    }

    private void computeMss() {
        mssLimit = Math.max(64, Math.min(config.mss(), peerMss));
        smss = mssLimit - (tsOn ? TS_LENGTH : 0);
        rcvMss = smss;
        if (config.roundReceiveBufferToMss()) {
            // FreeBSD's tcp_mss_update: the receive buffer becomes a whole number of segments (65536 → 65700 at
            // MSS 1460), so the window a receiver offers is never a fraction of a segment it cannot fill.
            long rounded = ((long) config.receiveBufferSize() + mssLimit - 1) / mssLimit * mssLimit;
            if (rounded != receiveBuffer.capacity() && rounded <= receiveRing) {
                receiveBuffer.limit((int) rounded);
                config = config.toBuilder().receiveBufferSize((int) rounded).build();
            }
        }
    }

    private int synWindow() {
        return Math.min(receiveBuffer.window(), 0xFFFF);
    }

    private void enterEstablished(long now) {
        moveTo(TcpState.ESTABLISHED);
        cc.init(smss);
        if (synRetransmits > 0) {
            rtt.onSynRetransmittedBeforeData(); // RFC 6298 §5.7
        }
        rtoDeadline = NONE;
        synRetransmits = 0;
        armKeepAlive(now);
        if (finQueued) {
            moveTo(TcpState.FIN_WAIT_1);
        }
        if (parent != null) {
            TcpListener p = parent;
            parent = null;
            p.onChildEstablished(this);
        }
        if (state != TcpState.CLOSED) {
            listener.onEstablished(this);
        }
    }

    // =====================================================================================================
    // SEGMENT ARRIVES (RFC 9293 §3.10.7)
    // =====================================================================================================

    /** Entry from the layer; the segment passed {@code checkHeader()}. */
    void onSegment(long now, TcpSegment seg) {
        stats.segmentsIn++;
        boolean data = seg.payloadLength() > 0;
        if (data) {
            stats.dataSegmentsIn++;
            layer.stats.dataSegmentsIn++;
        }
        if (state != TcpState.ESTABLISHED) {
            slow(TcpStats.SLOW_STATE);
        } else if (fastPath(now, seg)) {
            stats.fastPathSegments++;
            layer.stats.fastPathSegments++;
            if (data) {
                stats.fastPathDataSegments++;
                layer.stats.fastPathDataSegments++;
            }
            return;
        }
        stats.slowPathSegments++;
        layer.stats.slowPathSegments++;
        TcpOptions o = layer.options;
        if (o.parse(seg) != WireStatus.OK) {
            layer.stats.malformedDropped++;
            return;
        }
        switch (state) {
            case SYN_SENT -> synSentArrives(now, seg, o);
            case CLOSED, LISTEN -> {
            }
            default -> otherArrives(now, seg, o);
        }
    }

    /** Counts a miss of header prediction for {@code reason} and returns false (the slow path follows). */
    private boolean slow(int reason) {
        stats.slowPathReasons[reason]++;
        layer.stats.slowPathReasons[reason]++;
        return false;
    }

    /**
     * Header prediction (TCP-ENGINE.md, "Fast path"): ESTABLISHED, only ACK (and PSH), SEG.SEQ == RCV.NXT,
     * SND.UNA <= SEG.ACK <= SND.NXT, no SACK state and no recovery, PAWS passes on an aligned timestamp option (the
     * only option looked at), the payload fits the window, and the window either unchanged or a routine update
     * ({@link #routineWindowUpdate}). Returns false to fall through to the slow path, having changed nothing.
     */
    private boolean fastPath(long now, TcpSegment seg) {
        if ((seg.flags() & ~TcpSegment.PSH) != TcpSegment.ACK || seg.sequenceNumber() != rcvNxt) {
            return slow(TcpStats.SLOW_FLAGS_OR_SEQUENCE);
        }
        if (inRecovery || rtoRecovery || dupAcks != 0 || ledger.sackedBytes() != 0 || !assembler.isEmpty()
                || peerFinKnown) {
            return slow(TcpStats.SLOW_RECOVERY_STATE);
        }
        int tsVal = 0;
        int tsEcr = 0;
        int optionsLength = seg.optionsLength();
        if (tsOn) {
            // RFC 7323 Appendix A: the NOP NOP TS layout every stack uses; anything else takes the slow path.
            if (optionsLength != TS_LENGTH) {
                return slow(TcpStats.SLOW_OPTIONS);
            }
            MemorySegment m = seg.segment();
            long at = seg.optionsOffset();
            if (Bytes.i32(m, at) != TcpOptionsWriter.ALIGNED_TIMESTAMPS_WORD) {
                return slow(TcpStats.SLOW_OPTIONS);
            }
            tsVal = Bytes.i32(m, at + 4);
            tsEcr = Bytes.i32(m, at + 8);
            if (SequenceNumber.lt(tsVal, tsRecent)) {
                return slow(TcpStats.SLOW_PAWS); // PAWS (RFC 7323 §5.3) is the slow path's to judge
            }
        } else if (optionsLength != 0) {
            return slow(TcpStats.SLOW_OPTIONS);
        }
        int ack = seg.acknowledgmentNumber();
        if (SequenceNumber.lt(ack, sndUna) || SequenceNumber.gt(ack, sndNxt)) {
            return slow(TcpStats.SLOW_ACK);
        }
        int len = seg.payloadLength();
        if (len > rcvAdv - rcvNxt || len > receiveBuffer.window()) {
            return slow(TcpStats.SLOW_PAYLOAD);
        }
        long window = (long) seg.window() << sndShift;
        int seq = seg.sequenceNumber();
        if (window != sndWnd) {
            if (!routineWindowUpdate(seq, ack, window)) {
                return slow(TcpStats.SLOW_WINDOW);
            }
        } else if (len == 0 && ack == sndUna && sndNxt != sndUna) {
            // RFC 5681 §2: no data, SEG.ACK == SND.UNA, data outstanding and the window unchanged: a duplicate ACK,
            // which the slow path counts. With the window changed it is a window update, taken here.
            return slow(TcpStats.SLOW_DUPLICATE_ACK);
        }
        // Accepted.
        lastReceiveNanos = now;
        keepAliveProbes = 0;
        if (tsOn && SequenceNumber.leq(seq, lastAckSent)) {
            tsRecent = tsVal;
            tsRecentNanos = now;
        }
        if (ack != sndUna) {
            rack.beginAck(now, rtt.minRttNanos());
            onNewAck(now, ack, tsOn, tsEcr, 0);
            if (tlp.inEpisode() && tlp.onAck(ack, false, false) == TailLossProbe.LOSS_REPAIRED) {
                cc.onCongestionEvent(ledger.pipe(), now); // RFC 8985 §7.4.2
                cc.onRecoveryExit(now);
            }
            sndWl1 = seq;
            sndWl2 = ack;
        }
        if (window != sndWnd) {
            // RFC 9293 §3.10.7.4: the send window follows the segment (routineWindowUpdate checked SND.WL1/WL2).
            sndWnd = window;
            maxSndWnd = Math.max(maxSndWnd, window);
            sndWl1 = seq;
            sndWl2 = ack;
        }
        if (len > 0) {
            int stored = receiveBuffer.writeAt(0, seg.segment(), seg.payloadOffset(), len);
            int inOrder = assembler.add(0, stored);
            if (inOrder > 0) {
                receiveBuffer.commit(inOrder);
                rcvNxt += inOrder;
                stats.bytesIn += inOrder;
                scheduleAck(now, inOrder, false);
                listener.onReadable(this);
            }
        }
        armKeepAlive(now);
        return true;
    }

    /**
     * Whether a changed send window can be taken on the fast path: an open window that stays open and whose right
     * edge does not move left, from a segment that passes RFC 9293 §3.10.7.4's update test (SND.WL1 < SEG.SEQ, or
     * SND.WL1 == SEG.SEQ and SND.WL2 =< SEG.ACK; true of an in-order segment in the ordinary case). This is the
     * everyday window update of a receiver whose application reads in steps. The rest stays on the slow path: a
     * window closing to zero or opening from it (the persist timer, §3.8.6.1), a shrinking window (§3.8.6: the right
     * edge moves left), and a segment older than the one the window was last taken from.
     */
    private boolean routineWindowUpdate(int seq, int ack, long window) {
        if (window == 0 || sndWnd == 0) {
            return false;
        }
        if (!(SequenceNumber.lt(sndWl1, seq) || (sndWl1 == seq && SequenceNumber.leq(sndWl2, ack)))) {
            return false;
        }
        int oldRightEdge = sndUna + (int) Math.min(sndWnd, 1L << 30);
        int newRightEdge = ack + (int) Math.min(window, 1L << 30);
        return SequenceNumber.geq(newRightEdge, oldRightEdge);
    }

    /** RFC 9293 §3.10.7.3: SYN-SENT. */
    private void synSentArrives(long now, TcpSegment seg, TcpOptions o) {
        boolean ack = seg.ack();
        int ackNo = seg.acknowledgmentNumber();
        // First: the ACK bit.
        if (ack && (SequenceNumber.leq(ackNo, iss) || SequenceNumber.gt(ackNo, sndNxt))) {
            if (!seg.rst()) {
                layer.queueReset(localIp, localPort, remoteIp, remotePort, ackNo, 0, TcpSegment.RST);
            }
            return;
        }
        // Second: RST (RFC 5961 §3 for SYN-SENT: acceptable only with an acceptable ACK, checked above).
        if (seg.rst()) {
            if (ack) {
                enterClosed(TcpError.ECONNREFUSED);
            }
            return;
        }
        // Fourth: SYN.
        if (!seg.syn()) {
            return;
        }
        irs = seg.sequenceNumber();
        rcvNxt = irs + 1;
        negotiate(o, offersWindowScale() && o.hasWindowScale(), offersSack() && o.sackPermitted(),
                offersTimestamps() && o.hasTimestamps());
        rcvAdv = rcvNxt + synWindow();
        lastReceiveNanos = now;
        if (ack) {
            sndUna = ackNo;
        }
        if (SequenceNumber.gt(sndUna, iss)) {
            // Our SYN is acknowledged: ESTABLISHED, acknowledge their SYN.
            sndWnd = seg.window(); // the SYN-ACK's window is not scaled (RFC 7323 §2.2)
            maxSndWnd = sndWnd;
            sndWl1 = irs;
            sndWl2 = ackNo;
            if (synRetransmits == 0) {
                rtt.sample(now - synSentNanos, now);
            } else if (tsOn && echoesLatestSyn(o.timestampEchoReply())) {
                rtt.sample(timestampRtt(now, o.timestampEchoReply()), now);
            }
            ackNow = true;
            enterEstablished(now);
        } else {
            // Simultaneous open (RFC 9293 §3.5, Figure 8): SYN-RECEIVED, send SYN-ACK with our ISS.
            sndWnd = seg.window();
            maxSndWnd = sndWnd;
            sndWl1 = irs;
            sndWl2 = sndUna;
            moveTo(TcpState.SYN_RECEIVED);
            synDue = true;
            sndNxt = iss; // the SYN-ACK re-sends our SYN
        }
    }

    /** RFC 9293 §3.10.7.4: SYN-RECEIVED and every synchronized state. */
    private void otherArrives(long now, TcpSegment seg, TcpOptions o) {
        int seq = seg.sequenceNumber();
        int payload = seg.payloadLength();
        boolean rst = seg.rst();
        boolean syn = seg.syn();
        boolean fin = seg.fin();
        int segLen = payload + (syn ? 1 : 0) + (fin ? 1 : 0);
        boolean synAckInSynReceived = false;

        // A retransmitted SYN while in SYN-RECEIVED: our SYN-ACK was lost, send it again.
        if (state == TcpState.SYN_RECEIVED && syn && !rst && !seg.ack() && seq == irs) {
            synDue = true;
            return;
        }
        // Simultaneous open (RFC 9293 §3.5 Figure 8, line 6): the peer's SYN-ACK reaches us in SYN-RECEIVED. Read
        // literally, the §3.10.7.4 sequence test finds it unacceptable (its SYN lies below RCV.NXT), the RFC 793
        // erratum Linux works around the same way: an exact SYN-ACK is taken as the ACK it carries, SYN trimmed.
        if (state == TcpState.SYN_RECEIVED && syn && !rst && seg.ack() && seq + 1 == rcvNxt
                && seg.acknowledgmentNumber() == sndNxt && payload == 0) {
            syn = false;
            seq = rcvNxt;
            segLen = fin ? 1 : 0;
            synAckInSynReceived = true;
        }
        boolean hasTs = tsOn && o.hasTimestamps();
        // PAWS, RFC 7323 §5.3 R1: before the sequence-number check.
        if (hasTs && !rst && tsRecentValid && SequenceNumber.lt(o.timestampValue(), tsRecent)) {
            if (now - tsRecentNanos > PAWS_IDLE_NANOS) {
                tsRecentValid = false; // RFC 7323 §5.5: TS.Recent is too old to judge by
            } else {
                stats.pawsDropped++;
                ackNow = true;
                return;
            }
        }
        // Sequence acceptability, the four cases of RFC 9293 §3.10.7.4.
        int rcvWnd = Math.max(0, rcvAdv - rcvNxt);
        boolean acceptable;
        boolean ignoreText = false;
        if (segLen == 0) {
            acceptable = rcvWnd == 0 ? seq == rcvNxt : SequenceNumber.between(rcvNxt, seq, rcvNxt + rcvWnd);
        } else if (rcvWnd == 0) {
            acceptable = false;
            // "special allowance should be made to accept valid ACKs, URGs, and RSTs": keep the control part.
            if (seq == rcvNxt) {
                acceptable = true;
                ignoreText = true;
            }
        } else {
            acceptable = SequenceNumber.between(rcvNxt, seq, rcvNxt + rcvWnd)
                    || SequenceNumber.between(rcvNxt, seq + segLen - 1, rcvNxt + rcvWnd);
        }
        if (!acceptable) {
            if (fin && !rst && state == TcpState.TIME_WAIT) {
                // RFC 9293 §3.10.7.4 TIME-WAIT: a retransmitted FIN restarts the 2 MSL timeout (as Linux does).
                lingerDeadline = now + config.timeWaitNanos();
            }
            if (!rst) {
                // Duplicate data below RCV.NXT: report it as a D-SACK (RFC 2883 §4 case 1).
                if (payload > 0 && sackOn && SequenceNumber.leq(seq + payload, rcvNxt)) {
                    setDsack(seq, seq + payload);
                }
                ackNow = true;
            }
            stats.outOfWindowDropped++;
            return;
        }
        // Second: RST, RFC 5961 §3.2.
        if (rst) {
            if (seq == rcvNxt) {
                resetByPeer();
            } else {
                challengeAck(now);
            }
            return;
        }
        // Fourth: SYN in a synchronized state (or SYN-RECEIVED), RFC 5961 §4.2: challenge ACK.
        if (syn && !synAckInSynReceived) {
            challengeAck(now);
            return;
        }
        // Fifth: the ACK field.
        if (!seg.ack()) {
            return;
        }
        int ackNo = seg.acknowledgmentNumber();
        if (state == TcpState.SYN_RECEIVED) {
            if (!SequenceNumber.betweenExclusiveLow(sndUna, ackNo, sndNxt)) {
                layer.queueReset(localIp, localPort, remoteIp, remotePort, ackNo, 0, TcpSegment.RST);
                return;
            }
            if (parent != null && parent.acceptQueueFull()) {
                // Like Linux without tcp_abort_on_overflow: drop the ACK and stay half-open; the SYN-ACK timer
                // and the peer's retransmissions try again once the application has accepted.
                layer.stats.acceptQueueOverflows++;
                return;
            }
            // The window of a SYN-ACK is never scaled (RFC 7323 §2.2).
            sndWnd = synAckInSynReceived ? seg.window() : (long) seg.window() << sndShift;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seq;
            sndWl2 = ackNo;
            if (synRetransmits == 0) {
                rtt.sample(now - synSentNanos, now);
            } else if (hasTs && echoesLatestSyn(o.timestampEchoReply())) {
                rtt.sample(timestampRtt(now, o.timestampEchoReply()), now);
            }
            sndUna = ackNo;
            enterEstablished(now);
            if (state == TcpState.CLOSED) {
                return;
            }
        } else {
            // RFC 5961 §5.2: acceptable ACKs lie in [SND.UNA − MAX.SND.WND, SND.NXT].
            if (SequenceNumber.gt(ackNo, sndNxt) || SequenceNumber.lt(ackNo, sndUna - (int) Math.min(maxSndWnd, 1L << 30))) {
                challengeAck(now);
                return;
            }
            if (!processAck(now, seg, o, hasTs, ackNo)) {
                return;
            }
        }
        lastReceiveNanos = now;
        keepAliveProbes = 0;
        // RFC 7323 §4.3 (Appendix D): TS.Recent follows the segment that covers Last.ACK.sent.
        if (hasTs && SequenceNumber.leq(seq, lastAckSent) && SequenceNumber.geq(o.timestampValue(), tsRecent)) {
            tsRecent = o.timestampValue();
            tsRecentValid = true;
            tsRecentNanos = now;
        }
        // Sixth: URG. Urgent data is delivered inline as ordinary data (RFC 6093 §5): the pointer is ignored.
        // Seventh: the segment text. After CLOSE the application reads no more: new data is lost, and RFC 1122
        // §4.2.2.13 (RFC 2525 §2.17) says a TCP SHOULD send a RST to show it. The reset answers the segment as a
        // closed connection would, <SEQ=SEG.ACK><CTL=RST> (RFC 9293 §3.10.7.1), which the peer accepts whether or
        // not our FIN reached it (RFC 5961 §3.2: it matches the peer's RCV.NXT).
        if (inputClosed && payload > 0 && !ignoreText && SequenceNumber.gt(seq + payload, rcvNxt)
                && (state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2)) {
            layer.queueReset(localIp, localPort, remoteIp, remotePort, ackNo, 0, TcpSegment.RST);
            stats.resetsOnDataAfterClose++;
            enterClosed(TcpError.ECONNRESET);
            return;
        }
        if (payload > 0 && !ignoreText) {
            if (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2) {
                receiveText(now, seg, seq, payload);
            } else {
                ackNow = true; // text after the peer's FIN: ignore, but acknowledge
            }
        } else if (ignoreText && payload > 0) {
            ackNow = true;
        }
        // Eighth: FIN (only once everything before it has arrived).
        if (fin && !ignoreText && !peerFinReceived) {
            int at = seq + payload;
            if (SequenceNumber.geq(at, rcvNxt) && SequenceNumber.lt(at, rcvAdv + 1)) {
                peerFinKnown = true;
                peerFinSeq = at;
            }
        }
        if (peerFinKnown && !peerFinReceived && rcvNxt == peerFinSeq) {
            receiveFin(now);
        } else if (fin && peerFinReceived && state == TcpState.TIME_WAIT) {
            // A retransmitted FIN in TIME-WAIT: acknowledge it and restart the 2 MSL timeout.
            ackNow = true;
            lingerDeadline = now + config.timeWaitNanos();
        }
        armKeepAlive(now);
    }

    /** The ACK part of RFC 9293 §3.10.7.4 for synchronized states; returns false when the segment is done. */
    private boolean processAck(long now, TcpSegment seg, TcpOptions o, boolean hasTs, int ackNo) {
        int seq = seg.sequenceNumber();
        long window = (long) seg.window() << sndShift;
        boolean newAck = SequenceNumber.gt(ackNo, sndUna);
        boolean wasInRecovery = inRecovery || rtoRecovery;
        rack.beginAck(now, rtt.minRttNanos()); // RFC 8985 §6.2 step 1
        long newlySacked = 0;
        dsackThisAck = false;
        if (sackOn && o.sackBlockCount() > 0 && !ledger.isEmpty()) {
            newlySacked = processSackBlocks(now, o, ackNo);
        }
        long ackedBeforeSack = 0;
        if (newAck) {
            int before = sndUna;
            onNewAck(now, ackNo, hasTs, hasTs ? o.timestampEchoReply() : 0, newlySacked);
            ackedBeforeSack = ackNo - before;
        } else if (ackNo == sndUna && seg.payloadLength() == 0 && !seg.fin() && window == sndWnd
                && sndNxt != sndUna && !ledger.isEmpty()) {
            // RFC 5681 §2 duplicate ACK.
            dupAcks++;
            stats.dupAcksReceived++;
            if (inRecovery) {
                prrUpdate(sackOn ? newlySacked : smss);
            }
        } else if (inRecovery && newlySacked > 0) {
            prrUpdate(newlySacked);
        }
        // RFC 8985 §7.4: did a tail loss probe repair a loss?
        boolean pureDuplicate = !newAck && ackNo == sndUna && seg.payloadLength() == 0 && !seg.fin() && window == sndWnd
                && newlySacked == 0;
        if (tlp.onAck(ackNo, dsackThisAck, pureDuplicate) == TailLossProbe.LOSS_REPAIRED && !inRecovery) {
            cc.onCongestionEvent(ledger.pipe(), now); // §7.4.2: the congestion response to the repaired loss
            cc.onRecoveryExit(now);
        }
        if (config.rack() && sackOn) {
            // RFC 8985 §6.2 step 4.
            boolean exiting = wasInRecovery && !(inRecovery || rtoRecovery);
            rack.updateReorderingWindow(sndUna, sndNxt, dsackThisAck, exiting, inRecovery || rtoRecovery,
                    ledger.sackedSegments(), config.dupAckThreshold(), rtt.srttNanos());
        }
        // SND.WND update (RFC 9293 §3.10.7.4): only from a newer segment, or the same with a newer ACK.
        if (SequenceNumber.leq(sndUna, ackNo)
                && (SequenceNumber.lt(sndWl1, seq) || (sndWl1 == seq && SequenceNumber.leq(sndWl2, ackNo)))) {
            boolean opened = sndWnd == 0 && window > 0;
            sndWnd = window;
            maxSndWnd = Math.max(maxSndWnd, window);
            sndWl1 = seq;
            sndWl2 = ackNo;
            if (opened) {
                persistDeadline = NONE;
                persistBackoff = 0;
            }
        }
        detectLoss(now);
        if (ackedBeforeSack > 0 && state != TcpState.CLOSED) {
            ackedFinTransitions(now);
        }
        if (state == TcpState.CLOSED) {
            return false;
        }
        if (state == TcpState.CLOSING || state == TcpState.LAST_ACK) {
            return ackedFinTransitions(now);
        }
        return true;
    }

    /** FIN-WAIT-1 → FIN-WAIT-2, CLOSING → TIME-WAIT, LAST-ACK → CLOSED once our FIN is acknowledged. */
    private boolean ackedFinTransitions(long now) {
        if (!finSent || SequenceNumber.leq(sndUna, finSeq)) {
            return true;
        }
        switch (state) {
            case FIN_WAIT_1 -> {
                moveTo(TcpState.FIN_WAIT_2);
                if (appClosed) {
                    lingerDeadline = now + config.finWait2TimeoutNanos();
                }
            }
            case CLOSING -> enterTimeWait(now);
            case LAST_ACK -> {
                enterClosed(TcpError.NONE);
                return false;
            }
            default -> {
            }
        }
        return true;
    }

    private long processSackBlocks(long now, TcpOptions o, int ackNo) {
        long newly = 0;
        int blocks = o.sackBlockCount();
        for (int b = 0; b < blocks; b++) {
            int left = o.sackLeft(b);
            int right = o.sackRight(b);
            if (!SequenceNumber.lt(left, right)) {
                continue;
            }
            // RFC 2883 §4: a first block below the cumulative ACK, or inside the second block, is a D-SACK
            // (it widens RACK's reordering window, RFC 8985 §6.2 step 4).
            if (b == 0 && Rack.isDuplicateSack(ackNo, left, right, blocks > 1, blocks > 1 ? o.sackLeft(1) : 0,
                    blocks > 1 ? o.sackRight(1) : 0)) {
                stats.dsacksReceived++;
                dsackThisAck = true;
                continue;
            }
            // Blocks outside [SND.UNA, SND.NXT] are bogus: the ledger ignores (and counts) them.
            newly += ledger.applySack(left, right);
        }
        stats.sackedBytes += newly;
        return newly;
    }

    /** New data acknowledged: SND.UNA advances (RFC 9293 §3.10.7.4, RFC 6298 §5.2–5.3, RFC 5681 §3). */
    private void onNewAck(long now, int ackNo, boolean hasTs, int tsEcr, long newlySacked) {
        int acked = ackNo - sndUna;
        // The TSval our latest transmission of the oldest outstanding segment carried: an echo older than that
        // answers an earlier transmission (the retransmission was spurious, as RFC 3522 §2 detects), and
        // now − TSecr would include the retransmission timeout. Such samples are skipped.
        boolean headRetransmitted = !ledger.isEmpty() && ledger.retransmissions(0) > 0;
        int headTsVal = headRetransmitted ? tsNow(ledger.lastSentNanos(0)) : 0;
        AckResult acks = ledger.acknowledge(ackNo, now);
        // RTT: Karn's rule (RFC 6298 §3) unless the timestamp echo disambiguates (RFC 7323 §4).
        if (!acks.anyRetransmitted && acks.rttSampleNanos >= 0) {
            rtt.sample(acks.rttSampleNanos, now);
            tlp.onRttSample(); // RFC 8985 §7.3: a new probe needs a sample since the last
        } else if (hasTs && tsEcr != 0 && (!headRetransmitted || SequenceNumber.geq(tsEcr, headTsVal))) {
            long r = timestampRtt(now, tsEcr);
            if (r >= 0) {
                rtt.sample(r, now);
                tlp.onRttSample();
            }
        }
        int dataAcked = acked;
        if (finSent && SequenceNumber.gt(ackNo, finSeq)) {
            dataAcked--;
        }
        dataAcked = Math.max(0, Math.min(dataAcked, sendBuffer.length()));
        if (dataAcked > 0) {
            sendBuffer.consume(dataAcked);
            bufferSeq += dataAcked;
        }
        sndUna = ackNo;
        dupAcks = 0;
        consecutiveRtos = 0;
        persistBackoff = 0;
        long delivered = acked - acks.previouslySackedBytes + newlySacked;
        if (inRecovery) {
            if (SequenceNumber.geq(ackNo, recoveryPoint)) {
                inRecovery = false;
                cc.onRecoveryExit(now);
            } else {
                if (!sackOn) {
                    // RFC 6582 §3.2 step 3: a partial ACK retransmits the first unacknowledged segment.
                    if (!ledger.isEmpty() && ledger.markLost(0)) {
                        lossReason = LOSS_FAST;
                    }
                    forceRetransmit = true;
                }
                prrUpdate(delivered);
            }
        } else {
            if (rtoRecovery && SequenceNumber.geq(ackNo, recoveryPoint)) {
                rtoRecovery = false;
            }
            cc.onAck(acked, rtt.srttNanos(), now, cwndLimited);
        }
        // RFC 6298 §5.2/5.3: stop the timer when all is acknowledged, else restart it.
        if (ledger.isEmpty()) {
            rtoDeadline = NONE;
            tlpDeadline = NONE;
        } else {
            rtoDeadline = now + rtt.rtoNanos();
            armTlp(now);
        }
        if (sendBufferWasFull && sendBuffer.free() > 0 && state.canSend()) {
            sendBufferWasFull = false;
            listener.onWritable(this);
        }
    }

    private boolean dsackThisAck;

    /** Fast retransmit / SACK / RACK loss detection after an ACK (RFC 5681 §3.2, RFC 6675 §5, RFC 8985 §6.2). */
    private void detectLoss(long now) {
        if (ledger.isEmpty()) {
            rackDeadline = NONE;
            return;
        }
        int threshold = config.dupAckThreshold();
        if (sackOn) {
            long marked = ledger.markLost(threshold, smss);
            if (!inRecovery && (marked > 0 || dupAcks >= threshold)) {
                if (marked == 0) {
                    ledger.markLost(0);
                }
                enterRecovery(now, LOSS_FAST);
            }
        } else if (!inRecovery && dupAcks == threshold) {
            // RFC 6582 §3.2 step 2: only when the ACK covers more than the last recovery point.
            if (!recoveryPointValid || SequenceNumber.gt(sndUna, recoveryPoint) || !rtoRecovery) {
                ledger.markLost(0);
                enterRecovery(now, LOSS_FAST);
            }
        }
        if (config.rack() && sackOn) {
            rackDetect(now);
        }
    }

    /** RFC 8985 §6.2 step 5 (and the reordering timer's expiry): mark, maybe enter recovery, re-arm the timer. */
    private void rackDetect(long now) {
        long timeout = rack.detectLoss(ledger, now);
        if (rack.newlyLost() > 0) {
            lossReason = LOSS_RACK;
            if (!inRecovery) {
                enterRecovery(now, LOSS_RACK);
            }
        }
        rackDeadline = timeout < 0 ? NONE : timeout;
    }

    private void enterRecovery(long now, int reason) {
        if (rtoRecovery) {
            // Loss after a timeout is repaired by the go-back-N retransmission already under way.
            lossReason = reason;
            return;
        }
        inRecovery = true;
        recoveryPoint = sndNxt;
        recoveryPointValid = true;
        lossReason = reason;
        stats.recoveryEpisodes++;
        cc.onCongestionEvent(ledger.pipe(), now);
        prr.enter(sndNxt - sndUna, cc.ssthresh()); // RFC 6937 §3: RecoverFS = snd.nxt − snd.una
        forceRetransmit = true; // RFC 5681 §3.2 step 4 / RFC 6675 §5 step 4.2: retransmit the first loss now
        tlp.reset();
        tlpDeadline = NONE;
        prrUpdate(0);
    }

    /** Proportional Rate Reduction, RFC 6937 §3 (PRR-SSRB): sets cwnd = pipe + sndcnt. */
    private void prrUpdate(long delivered) {
        if (!inRecovery) {
            return;
        }
        long pipe = pipe();
        int sndcnt = prr.onAck(delivered, pipe, cc.ssthresh(), smss);
        cc.setCwnd(pipe + sndcnt);
    }

    /** Bytes in flight: RFC 6675 pipe, or for peers without SACK the outstanding bytes less the dup-ACKed ones. */
    private long pipe() {
        long p = ledger.pipe();
        if (!sackOn && dupAcks > 0) {
            p = Math.max(0, p - (long) dupAcks * smss);
        }
        return p;
    }

    private void receiveText(long now, TcpSegment seg, int seq, int payload) {
        int skip = 0;
        int offset = seq - rcvNxt;
        if (offset < 0) {
            skip = -offset; // RFC 9293 §3.10.7.4: trim what was already received
            offset = 0;
            if (sackOn) {
                setDsack(seq, rcvNxt); // RFC 2883 §4: partly duplicate segment
            }
        }
        int len = payload - skip;
        int room = rcvAdv - rcvNxt - offset;
        if (len <= 0 || room <= 0) {
            ackNow = true;
            return;
        }
        len = Math.min(len, room);
        if (sackOn && skip == 0) {
            // RFC 2883 §4: data already held out of order arrived again (wholly or in part, also inside an
            // in-order segment that fills a hole): the first duplicated range is the D-SACK block (§4.1.3).
            int k = assembler.firstOverlap(offset, len);
            if (k >= 0) {
                setDsack(rcvNxt + Math.max(offset, assembler.rangeStart(k)),
                        rcvNxt + Math.min(offset + len, assembler.rangeEnd(k)));
            }
        }
        boolean hadHoles = !assembler.isEmpty();
        int stored = receiveBuffer.writeAt(offset, seg.segment(), seg.payloadOffset() + skip, len);
        int inOrder = assembler.add(offset, stored);
        if (inOrder == Assembler.FULL) {
            ackNow = true;
            return;
        }
        if (inOrder > 0) {
            receiveBuffer.commit(inOrder);
            rcvNxt += inOrder;
            stats.bytesIn += inOrder;
        }
        if (offset > 0 || hadHoles) {
            ackNow = true; // RFC 5681 §4.2 / RFC 9293 §3.8.6.3: out-of-order data or a filled hole, ACK at once
            pendingAckBytes = 0;
            noteDataArrival(now);
        } else {
            scheduleAck(now, stored, false);
        }
        if (inOrder > 0) {
            listener.onReadable(this);
        }
    }

    /**
     * Delayed ACK (RFC 9293 §3.8.6.3, RFC 5681 §4.2): at least every second full-sized segment, else within the
     * delay bound, except in quick-ACK mode ({@link #noteDataArrival}), where every segment is acknowledged at once.
     * The count is Linux's ({@code __tcp_ack_snd_check}): with {@code ackEveryFullSegments} = 2 the ACK
     * goes as soon as more than one full segment's worth is unacknowledged, so a full segment followed by a short
     * one (the tail of a write) is acknowledged at once. Holding it for the delay bound instead would leave the
     * sender with two segments in flight, whose probe timeout (RFC 8985 §7.2: 2·SRTT, no delayed-ACK allowance
     * when more than one segment is in flight) then fires before the ACK: a spurious tail loss probe.
     */
    private void scheduleAck(long now, int bytes, boolean immediate) {
        if (bytes > rcvMss) {
            rcvMss = Math.min(bytes, mssLimit);
        }
        noteDataArrival(now);
        pendingAckBytes += bytes;
        if (quickAcks > 0) {
            quickAcks--;
            ackNow = true;
        } else if (immediate || pendingAckBytes > (config.ackEveryFullSegments() - 1) * rcvMss) {
            ackNow = true;
        } else if (delayedAckDeadline == NONE) {
            delayedAckDeadline = now + config.delayedAckNanos();
        }
    }

    /**
     * Quick-ACK mode, as Linux's {@code tcp_event_data_recv}: the first data of a connection, or data after a pause
     * longer than the RTO (the sender is restarting from a small window, RFC 5681 §4.1), starts a budget of segments
     * acknowledged at once: {@link TcpConfig#quickAckSegments()}, at most half the receive window in segments (at
     * least 2). The peer's slow start then is not paced by our delayed-ACK timer; RFC 5681 §4.2 allows ACKing more
     * often than every second segment.
     */
    private void noteDataArrival(long now) {
        if (config.quickAckSegments() > 0 && (!dataReceived || now - lastDataNanos > rtt.rtoNanos())) {
            int budget = Math.max(2, receiveBuffer.window() / (2 * Math.max(1, rcvMss)));
            quickAcks = Math.max(quickAcks, Math.min(config.quickAckSegments(), budget));
        }
        dataReceived = true;
        lastDataNanos = now;
    }

    private void receiveFin(long now) {
        peerFinReceived = true;
        rcvNxt += 1;
        if (config.delayedFinAck() && state == TcpState.ESTABLISHED && !ackNow) {
            // Linux's pingpong after a FIN: the ACK may wait the delayed-ACK time (RFC 9293 §3.8.6.3 allows
            // delaying it), so that the application's answer or its own FIN carries it.
            if (delayedAckDeadline == NONE) {
                delayedAckDeadline = now + config.delayedAckNanos();
            }
        } else {
            ackNow = true;
        }
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> moveTo(TcpState.CLOSE_WAIT);
            case FIN_WAIT_1 -> {
                if (finSent && SequenceNumber.gt(sndUna, finSeq)) {
                    enterTimeWait(now);
                } else {
                    moveTo(TcpState.CLOSING);
                }
            }
            case FIN_WAIT_2 -> enterTimeWait(now);
            default -> {
            }
        }
        listener.onReadable(this);
    }

    private void enterTimeWait(long now) {
        moveTo(TcpState.TIME_WAIT);
        rtoDeadline = NONE;
        tlpDeadline = NONE;
        persistDeadline = NONE;
        keepAliveDeadline = NONE;
        rackDeadline = NONE;
        lingerDeadline = now + config.timeWaitNanos();
    }

    /** RST accepted (RFC 9293 §3.10.7.4 "second", RFC 5961 §3.2 exact match). */
    private void resetByPeer() {
        switch (state) {
            case SYN_RECEIVED -> enterClosed(passive ? TcpError.NONE : TcpError.ECONNREFUSED);
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> enterClosed(TcpError.ECONNRESET);
            default -> enterClosed(TcpError.NONE);
        }
    }

    /** RFC 5961 §3.2/§4.2/§5.2 challenge ACK, within the layer-wide rate limit of §7. */
    private void challengeAck(long now) {
        if (layer.allowChallengeAck(now)) {
            stats.challengeAcks++;
            ackNow = true;
        }
    }

    private void setDsack(int left, int right) {
        dsackPending = true;
        dsackLeft = left;
        dsackRight = right;
    }

    /**
     * Whether an echoed TSval answers our latest SYN (or SYN-ACK) rather than an earlier transmission of it. After a
     * retransmitted SYN only such an echo measures a round trip: an older one (the peer answered the first SYN-ACK,
     * then saw the resent one as an old duplicate, which RFC 7323 §5.3 R2 rejects before R3 could record its TSval)
     * would time the retransmission timeout too, the ambiguity Karn's rule avoids (RFC 6298 §3, RFC 7323 §4.1).
     */
    private boolean echoesLatestSyn(int tsEcr) {
        return tsEcr != 0 && SequenceNumber.geq(tsEcr, lastSynTsVal);
    }

    private long timestampRtt(long now, int tsEcr) {
        int ticks = tsNow(now) - tsEcr;
        return ticks < 0 ? -1 : (long) ticks * TS_TICK_NANOS;
    }

    private int tsNow(long now) {
        return (int) (now / TS_TICK_NANOS) + tsOffset;
    }

    /** Whether reading opened the window enough to tell the peer (RFC 9293 §3.8.6.2.2, receiver SWS avoidance). */
    private boolean windowUpdateWorthSending() {
        int advertised = rcvAdv - rcvNxt;
        int possible = alignedWindow(receiveBuffer.window());
        int threshold = Math.min(receiveBuffer.capacity() / 2, smss);
        return possible - advertised >= threshold && (long) advertised * 2 <= possible;
    }

    // =====================================================================================================
    // Timers
    // =====================================================================================================

    private void runTimers(long now) {
        if (tlpDeadline <= now && tlpDeadline <= rtoDeadline) {
            tlpDeadline = NONE;
            // RFC 8985 §7.3: probe only if no probe is in flight and an RTT sample came since the last one;
            // otherwise the RTO, still armed, stands.
            if (!inRecovery && !rtoRecovery && !ledger.isEmpty() && tlp.maySendProbe() && state.synchronizedState()) {
                tlpDue = true;
                rtoDeadline = now + rtt.rtoNanos(); // the probe re-arms the RTO
            }
        }
        if (rtoDeadline <= now) {
            rtoDeadline = NONE;
            onRetransmissionTimeout(now);
        }
        if (state == TcpState.CLOSED) {
            return;
        }
        if (lingerDeadline <= now) {
            lingerDeadline = NONE;
            if (state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT_2) {
                enterClosed(TcpError.NONE);
                return;
            }
        }
        if (delayedAckDeadline <= now) {
            delayedAckDeadline = NONE;
            ackNow = true;
        }
        if (persistDeadline <= now) {
            persistDeadline = NONE;
            onPersistTimeout(now);
        }
        if (keepAliveDeadline <= now) {
            keepAliveDeadline = NONE;
            onKeepAliveTimeout(now);
            if (state == TcpState.CLOSED) {
                return;
            }
        }
        if (tlpDeadline <= now) {
            tlpDeadline = NONE;
        }
        if (rackDeadline <= now) {
            rackDeadline = NONE;
            if (sackOn && config.rack() && !ledger.isEmpty()) {
                rackDetect(now);
            }
        }
    }

    /** RFC 6298 §5.4–5.6 (and §3.8.1 of RFC 9293 for SYNs): retransmit, back off, restart the timer. */
    private void onRetransmissionTimeout(long now) {
        stats.rtoExpirations++;
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            int limit = state == TcpState.SYN_SENT ? config.synRetries() : config.synAckRetries();
            if (synRetransmits >= limit) {
                enterClosed(passive && state == TcpState.SYN_RECEIVED ? TcpError.ETIMEDOUT
                        : softError != 0 ? softError : TcpError.ETIMEDOUT);
                return;
            }
            synRetransmits++;
            stats.synRetransmits++;
            layer.stats.synRetransmits++;
            rtt.backoff();
            synDue = true;
            sndNxt = iss;
            return;
        }
        if (ledger.isEmpty()) {
            return;
        }
        if (consecutiveRtos >= config.maxDataRetransmissions() || userTimeoutExpired(now)) {
            // RFC 9293 §3.8.3 (R2) and §3.10.8 USER TIMEOUT: give up, "connection aborted due to user timeout".
            enterClosed(softError != 0 ? softError : TcpError.ETIMEDOUT);
            return;
        }
        consecutiveRtos++;
        cc.onRetransmissionTimeout(ledger.pipe(), now); // RFC 5681 §3.1 eq. (4), cwnd = LW = 1 SMSS
        rtt.backoff(); // RFC 6298 §5.5
        ledger.markAllLost(true); // go-back-N from SND.UNA, SACK state dropped (RFC 2018 §8)
        inRecovery = false;
        rtoRecovery = true;
        recoveryPoint = sndNxt;
        recoveryPointValid = true;
        lossReason = LOSS_RTO;
        dupAcks = 0;
        forceRetransmit = true;
        tlp.reset();
        tlpDeadline = NONE;
        rackDeadline = NONE;
        rtoDeadline = now + rtt.rtoNanos(); // RFC 6298 §5.6
        if (config.userTimeoutNanos() > 0) {
            // The next expiry comes no later than the user timeout, so the abort happens on time (RFC 5482 §3.1).
            rtoDeadline = Math.min(rtoDeadline, Math.max(now + 1, ledger.firstSentNanos(0) + config.userTimeoutNanos()));
        }
    }

    /**
     * RFC 5482 §1 and RFC 9293 §3.8.3: the user timeout bounds how long sent data may stay unacknowledged; it runs
     * from the first transmission of the oldest unacknowledged segment.
     */
    private boolean userTimeoutExpired(long now) {
        long limit = config.userTimeoutNanos();
        return limit > 0 && !ledger.isEmpty() && now - ledger.firstSentNanos(0) >= limit;
    }

    /** The persist timer (RFC 9293 §3.8.6.1): probe a zero window, or override sender SWS avoidance. */
    private void onPersistTimeout(long now) {
        if (!hasUnsentData() || !ledger.isEmpty()) {
            persistBackoff = 0;
            return;
        }
        long usable = sndUna + sndWnd - sndNxt;
        if (sndWnd == 0 || usable <= 0) {
            probeDue = true;
            stats.zeroWindowProbes++;
        } else {
            overrideSws = true; // RFC 9293 §3.8.6.2.1: the override timeout
        }
        if (persistBackoff < 16) {
            persistBackoff++;
        }
        persistDeadline = now + persistInterval();
    }

    private long persistInterval() {
        long base = rtt.rtoNanos();
        long d = base << Math.min(persistBackoff, 16);
        return Math.min(Math.max(d, base), config.maxRtoNanos());
    }

    /** RFC 9293 §3.8.4, RFC 1122 §4.2.3.6. */
    private void onKeepAliveTimeout(long now) {
        if (!config.keepAlive() || !(state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            return;
        }
        if (!ledger.isEmpty()) {
            armKeepAlive(now);
            return;
        }
        if (keepAliveProbes >= config.keepAliveProbes()) {
            enterClosed(TcpError.ETIMEDOUT);
            return;
        }
        keepAliveProbes++;
        keepAliveDue = true;
        keepAliveDeadline = now + config.keepAliveIntervalNanos();
    }

    private void armKeepAlive(long now) {
        if (config.keepAlive() && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            keepAliveDeadline = now + config.keepAliveIdleNanos();
        }
    }

    /** RFC 8985 §7.2: schedule a probe timeout after sending or a new ACK, when not in recovery (SACK only). */
    private void armTlp(long now) {
        allowPeerAckDelay(now);
        if (!config.tailLossProbe() || !state.synchronizedState() || tlp.inEpisode()
                || !tlp.mayArm(sackOn, inRecovery || rtoRecovery, ledger.sackedSegments(), !ledger.isEmpty())) {
            tlpDeadline = NONE;
            return;
        }
        tlpDeadline = tlp.probeDeadline(now, rtt.hasSample(), rtt.srttNanos(), ledger.size() == 1,
                rtoDeadline == NONE ? Long.MAX_VALUE : rtoDeadline);
    }

    /**
     * With one segment in flight the peer may hold its ACK for a whole delayed-ACK period (RFC 5681 §4.2: up to
     * 500 ms; RFC 8985 §7.2 budgets WCDelAckT = 200 ms for it in the PTO). An RTO floor of 200 ms (Linux's, not
     * RFC 6298 §2.4's 1 s, whose margin exists for exactly this) would fire at the same moment as that ACK and,
     * since the RTO deadline caps the PTO, turn a merely delayed ACK into a spurious probe or timeout. So the RTO
     * deadline is kept at least one PTO (2·SRTT + WCDelAckT) away; RFC 6298 allows any RTO above its floor.
     * Only with tail loss probes on (the PTO is what budgets for the delayed ACK); without them the RTO is RFC
     * 6298's alone. Not with {@link TcpConfig#rtoFloorOnVariance()}: that RTO is at least SRTT + minRto already.
     */
    private void allowPeerAckDelay(long now) {
        if (!config.tailLossProbe() || config.rtoFloorOnVariance() || rtoDeadline == NONE || ledger.size() != 1
                || !rtt.hasSample() || !state.synchronizedState()) {
            return;
        }
        long floor = now + tlp.probeTimeout(true, rtt.srttNanos(), true);
        if (rtoDeadline < floor) {
            rtoDeadline = floor;
        }
    }

    // =====================================================================================================
    // Output
    // =====================================================================================================

    /**
     * Runs the timers due at {@code now} and emits what is due: handshake segments, retransmissions, new data,
     * FIN, probes and ACKs, in that order. Returns true when the sink refused a segment (call again later).
     */
    boolean poll(long now, SegmentSink sink) {
        runTimers(now);
        boolean blocked = !transmit(now, sink);
        return blocked;
    }

    private boolean transmit(long now, SegmentSink sink) {
        switch (state) {
            case CLOSED, LISTEN -> {
                return true;
            }
            case SYN_SENT -> {
                if (synDue) {
                    if (!emitSyn(now, sink, false)) {
                        return false;
                    }
                    synDue = false;
                }
                return true;
            }
            case SYN_RECEIVED -> {
                if (synDue) {
                    if (!emitSyn(now, sink, true)) {
                        return false;
                    }
                    synDue = false;
                } else if (ackNow && sndNxt != iss) {
                    // An unacceptable segment in SYN-RECEIVED is answered with an ACK (RFC 9293 §3.10.7.4).
                    if (!emitControl(now, sink, sndNxt, TcpSegment.ACK)) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
            }
        }
        // Retransmissions first (RFC 6675 §5 NextSeg rule 1, go-back-N after a timeout).
        int i;
        while ((i = ledger.nextSegment()) >= 0) {
            int len = ledger.length(i);
            if (!forceRetransmit && pipe() + len > cc.cwnd()) {
                cwndLimited = true;
                break;
            }
            if (!retransmit(now, sink, i, lossReason)) {
                return false;
            }
            forceRetransmit = false;
        }
        forceRetransmit = false;
        // New data and FIN.
        while (true) {
            int r = sendNewSegment(now, sink, false);
            if (r < 0) {
                return false;
            }
            if (r == 0) {
                break;
            }
        }
        if (tlpDue) {
            tlpDue = false;
            if (!sendTailLossProbe(now, sink)) {
                tlpDue = true;
                return false;
            }
        }
        if (probeDue) {
            // Zero-window probe in Linux's form: SEG.SEQ = SND.UNA − 1 draws an ACK with the current window.
            if (!emitControl(now, sink, sndUna - 1, TcpSegment.ACK)) {
                return false;
            }
            probeDue = false;
        }
        if (keepAliveDue) {
            // RFC 1122 §4.2.3.6: SEG.SEQ = SND.NXT − 1, no data.
            if (!emitControl(now, sink, sndNxt - 1, TcpSegment.ACK)) {
                return false;
            }
            keepAliveDue = false;
            stats.keepAlivesSent++;
        }
        if (ackNow || dsackPending) {
            if (config.finInAcks() && finSent && SequenceNumber.leq(sndUna, finSeq) && sndNxt == finSeq + 1) {
                // BSD's tcp_output: while our FIN is unacknowledged (FIN-WAIT-1, CLOSING, LAST-ACK) an ACK repeats
                // it, <SEQ=FIN's seq><CTL=FIN,ACK>; a duplicate FIN is harmless to the peer (RFC 9293 §3.10.7.4).
                if (!emitControl(now, sink, finSeq, TcpSegment.ACK | TcpSegment.FIN)) {
                    return false;
                }
            } else if (!emitControl(now, sink, sndNxt, TcpSegment.ACK)) {
                return false;
            }
        }
        return true;
    }

    private boolean hasUnsentData() {
        return sendBuffer.length() - (sndNxt - bufferSeq) > 0 || (finQueued && !finSent);
    }

    /**
     * Sends one new segment if the windows, Nagle (RFC 9293 §3.7.4) and sender SWS avoidance (§3.8.6.2.1) allow.
     * Returns 1 when sent, 0 when nothing (more) should go now, -1 when the sink refused.
     */
    private int sendNewSegment(long now, SegmentSink sink, boolean probe) {
        int offset = sndNxt - bufferSeq;
        int unsent = sendBuffer.length() - offset;
        boolean finReady = finQueued && !finSent;
        if (unsent <= 0 && !finReady) {
            return 0;
        }
        if (ledger.isFull()) {
            return 0;
        }
        prepareOptions(now, true);
        int maxPayload = mssLimit - out.length();
        if (unsent > 0) {
            int rightEdge = sndUna + (int) Math.min(sndWnd, 1L << 30);
            long usableWnd = rightEdge - sndNxt;
            long cwndRoom = cc.cwnd() - pipe();
            // RFC 3042 limited transmit needs no extra rule: without SACK, pipe() already discounts one SMSS per
            // duplicate ACK, so each of the first two lets one new segment go (FlightSize <= cwnd + 2·SMSS).
            if (probe) {
                cwndRoom = Long.MAX_VALUE; // RFC 8985 §7.3: a probe with new data ignores cwnd
            }
            long len = Math.min(Math.min(unsent, maxPayload), Math.min(usableWnd, cwndRoom));
            boolean nothingUnacked = sndNxt == sndUna;
            if (len <= 0) {
                if (cwndRoom <= 0) {
                    cwndLimited = true;
                }
                if (usableWnd <= 0 && ledger.isEmpty() && persistDeadline == NONE) {
                    persistDeadline = now + persistInterval(); // RFC 9293 §3.8.6.1
                }
                return 0;
            }
            boolean full = len == maxPayload;
            // Nagle (RFC 9293 §3.7.4) in Minshall's form, as Linux does: a short segment may go when no other
            // short segment is unacknowledged.
            boolean push = config.noDelay() || nothingUnacked || finQueued
                    || SequenceNumber.geq(sndUna, lastShortEnd);
            boolean allFits = len == unsent;
            boolean halfWindow = len >= maxSndWnd / 2 && (config.noDelay() || nothingUnacked);
            if (!(full || (allFits && push) || halfWindow || overrideSws || probe)) {
                if (cwndRoom < Math.min(unsent, maxPayload)) {
                    cwndLimited = true;
                }
                if (ledger.isEmpty() && persistDeadline == NONE) {
                    persistDeadline = now + persistInterval(); // override timeout for SWS avoidance
                }
                return 0;
            }
            overrideSws = false;
            boolean fin = finReady && allFits;
            int flags = TcpSegment.ACK | (allFits ? TcpSegment.PSH : 0) | (fin ? TcpSegment.FIN : 0);
            int n = (int) len;
            cwndLimited = cwndRoom <= (long) n + smss;
            if (!emitSegment(sink, sndNxt, flags, offset, n)) {
                return -1;
            }
            afterNewData(now, n, fin, (flags & TcpSegment.PSH) != 0);
            if (n < maxPayload) {
                lastShortEnd = sndNxt;
            }
            return 1;
        }
        // FIN alone (it needs no window: RFC 9293 §3.10.4).
        if (!emitSegment(sink, sndNxt, TcpSegment.ACK | TcpSegment.FIN, 0, 0)) {
            return -1;
        }
        afterNewData(now, 0, true, false);
        return 1;
    }

    private void afterNewData(long now, int n, boolean fin, boolean push) {
        int seqLen = n + (fin ? 1 : 0);
        ledger.add(sndNxt, seqLen, (fin ? TransmitLedger.FIN : 0) | (push ? TransmitLedger.PSH : 0), now);
        if (fin) {
            finSent = true;
            finSeq = sndNxt + n;
        }
        sndNxt += seqLen;
        stats.bytesOut += n;
        if (inRecovery) {
            prr.onSent(n);
        }
        persistDeadline = NONE;
        if (rtoDeadline == NONE) {
            rtoDeadline = now + rtt.rtoNanos(); // RFC 6298 §5.1: start only if not running
        }
        armTlp(now);
    }

    private boolean retransmit(long now, SegmentSink sink, int index, int reason) {
        int seq = ledger.startSeq(index);
        int seqLen = ledger.length(index);
        boolean fin = (ledger.flags(index) & TransmitLedger.FIN) != 0;
        int n = seqLen - (fin ? 1 : 0);
        prepareOptions(now, false);
        fitSackBlocks(n);
        // RFC 9293 §3.9.1: PSH marks the end of a SEND's data; a retransmission repeats the bit the first
        // transmission carried (as Linux and FreeBSD do) rather than pushing every resent segment.
        boolean push = n > 0 && (ledger.flags(index) & TransmitLedger.PSH) != 0;
        int flags = TcpSegment.ACK | (fin ? TcpSegment.FIN : 0) | (push ? TcpSegment.PSH : 0);
        if (!emitSegment(sink, seq, flags, seq - bufferSeq, n)) {
            return false;
        }
        ledger.markRetransmitted(index, now);
        if (cc.cwnd() - pipe() < smss) {
            // A retransmission that fills cwnd (one segment after a timeout, LW = 1 SMSS) makes the flow
            // cwnd-limited, so the ACK for it may grow cwnd (RFC 7661 §4.3's test, RFC 5681 §3.1 slow start).
            cwndLimited = true;
        }
        stats.retransmittedBytes += n;
        stats.bytesOut += n;
        switch (reason) {
            case LOSS_RTO -> stats.retransmitsRto++;
            case LOSS_RACK -> stats.retransmitsRack++;
            default -> stats.retransmitsFast++;
        }
        if (inRecovery) {
            prr.onSent(seqLen);
        }
        if (rtoDeadline == NONE) {
            rtoDeadline = now + rtt.rtoNanos();
        }
        return true;
    }

    /** RFC 8985 §7.3: new data if the receive window allows, else the last segment again. */
    private boolean sendTailLossProbe(long now, SegmentSink sink) {
        if (ledger.isEmpty()) {
            return true;
        }
        int last = ledger.size() - 1;
        boolean windowAllows = (sndUna + (int) Math.min(sndWnd, 1L << 30)) - sndNxt > 0;
        if (tlp.chooseProbe(hasUnsentData(), windowAllows) == TailLossProbe.PROBE_NEW_DATA) {
            int r = sendNewSegment(now, sink, true);
            if (r < 0) {
                return false;
            }
            if (r > 0) {
                tlp.onProbeSent(sndNxt, false);
                tlpDeadline = NONE;
                rtoDeadline = now + rtt.rtoNanos();
                return true;
            }
        }
        if (!retransmit(now, sink, last, LOSS_FAST)) {
            return false;
        }
        stats.retransmitsFast--; // counted as a probe instead
        stats.retransmitsTlp++;
        tlp.onProbeSent(sndNxt, true);
        tlpDeadline = NONE;
        rtoDeadline = now + rtt.rtoNanos(); // RFC 8985 §7.3: re-arm the RTO
        return true;
    }

    /** Timestamps (RFC 7323 §3.2) and SACK blocks (RFC 2018 §4, D-SACK first per RFC 2883 §4) for a non-SYN segment. */
    private void prepareOptions(long now, boolean withSack) {
        out.clear();
        if (tsOn) {
            out.timestamps(tsNow(now), tsRecent);
        }
        if (sackOn && withSack) {
            addSackBlocks();
        }
    }

    private void addSackBlocks() {
        int room = out.maxSackBlocks();
        if (dsackPending && room > 0) {
            out.addSack(dsackLeft, dsackRight);
            room--;
        }
        if (room > 0 && !assembler.isEmpty()) {
            int n = assembler.sackBlocks(sackLeft, sackRight, room);
            for (int b = 0; b < n; b++) {
                out.addSack(rcvNxt + sackLeft[b], rcvNxt + sackRight[b]);
            }
        }
    }

    private void fitSackBlocks(int payload) {
        if (!sackOn) {
            return;
        }
        // Add SACK blocks only while the segment stays within the MSS (RFC 6691 §2).
        int room = out.maxSackBlocks();
        int budget = mssLimit - payload - out.length();
        int blocks = Math.min(room, (budget - 4) / 8);
        if (blocks <= 0) {
            return;
        }
        if (dsackPending) {
            out.addSack(dsackLeft, dsackRight);
            blocks--;
        }
        if (blocks > 0 && !assembler.isEmpty()) {
            int n = assembler.sackBlocks(sackLeft, sackRight, blocks);
            for (int b = 0; b < n; b++) {
                out.addSack(rcvNxt + sackLeft[b], rcvNxt + sackRight[b]);
            }
        }
    }

    private boolean emitControl(long now, SegmentSink sink, int seq, int flags) {
        prepareOptions(now, true);
        return emitSegment(sink, seq, flags, 0, 0);
    }

    /** Whether our SYN offers window scaling (configured, and not dropped from a retransmitted SYN). */
    private boolean offersWindowScale() {
        return config.windowScaling() && !synOptionsDropped;
    }

    private boolean offersSack() {
        return config.sack() && !synOptionsDropped;
    }

    private boolean offersTimestamps() {
        return config.timestamps() && !synOptionsDropped;
    }

    /** SYN (active) or SYN-ACK (passive / simultaneous open), with Linux's option order (or FreeBSD's). */
    private boolean emitSyn(long now, SegmentSink sink, boolean synAck) {
        out.clear();
        out.bsdLayout(config.synOptionLayout() == TcpConfig.LAYOUT_BSD);
        if (!synAck && config.dropSynOptionsAfter() > 0 && synRetransmits >= config.dropSynOptionsAfter()) {
            // FreeBSD's rexmit_drop_options: a path that drops SYNs with options may pass a plain one; the options
            // not offered are then not used (RFC 7323 §2.2, §3.2; RFC 2018 §2 need them offered in the SYN).
            synOptionsDropped = true;
        }
        boolean offerWs = synAck ? wsOn : offersWindowScale();
        boolean offerSack = synAck ? sackOn : offersSack();
        boolean offerTs = synAck ? tsOn : offersTimestamps();
        if (config.mssOption()) {
            out.mss(config.mss()); // RFC 9293 §3.7.1: without it the peer assumes 536
        }
        out.sackPermitted(offerSack);
        if (offerTs) {
            lastSynTsVal = tsNow(now);
            out.timestamps(lastSynTsVal, synAck ? tsRecent : 0);
        }
        if (offerWs) {
            out.windowShift(config.receiveWindowShift());
        }
        int flags = TcpSegment.SYN | (synAck ? TcpSegment.ACK : 0);
        int window = synWindow();
        if (!sink.emit(localIp, localPort, remoteIp, remotePort, iss, synAck ? rcvNxt : 0, flags, window, out, null,
                0, 0)) {
            return false;
        }
        countOut(0);
        if (synAck) {
            rcvAdv = rcvNxt + window;
            lastAckSent = rcvNxt;
        }
        sndNxt = iss + 1;
        synSentNanos = now;
        if (rtoDeadline == NONE) {
            rtoDeadline = now + rtt.rtoNanos();
        }
        return true;
    }

    private boolean emitSegment(SegmentSink sink, int seq, int flags, int payloadOffset, int payloadLength) {
        int window = advertiseWindow();
        if (!sink.emit(localIp, localPort, remoteIp, remotePort, seq, rcvNxt, flags, window, out,
                payloadLength > 0 ? sendBuffer : null, payloadOffset, payloadLength)) {
            return false;
        }
        countOut(payloadLength);
        if (out.sackCount() > 0 && dsackPending) {
            stats.dsacksSent++;
        }
        // Any segment carrying ACK satisfies the pending acknowledgment.
        lastAckSent = rcvNxt;
        ackNow = false;
        dsackPending = false;
        pendingAckBytes = 0;
        delayedAckDeadline = NONE;
        return true;
    }

    private void countOut(int payloadLength) {
        stats.segmentsOut++;
        layer.stats.segmentsOut++;
    }

    /** The window field (RFC 7323 §2.3): receiver SWS avoidance (RFC 9293 §3.8.6.2.2), never shrinking the edge. */
    private int advertiseWindow() {
        int advertised = Math.max(0, rcvAdv - rcvNxt);
        int possible = alignedWindow(receiveBuffer.window());
        if (config.advertiseFreeSpace() && possible > advertised) {
            // BSD's tcp_output: every segment offers all free space (RFC 9293 §3.8.6.2.2's SWS rule then only
            // decides whether a pure window update is worth sending, windowUpdateWorthSending).
            rcvAdv = rcvNxt + possible;
            advertised = possible;
        } else if (possible > advertised) {
            int threshold = Math.min(receiveBuffer.capacity() / 2, smss);
            if (possible - advertised >= threshold || advertised == 0 && possible >= threshold) {
                rcvAdv = rcvNxt + possible;
                advertised = possible;
            }
        }
        return Math.min(advertised >>> rcvShift, 0xFFFF);
    }

    private int alignedWindow(int free) {
        long max = 0xFFFFL << rcvShift;
        int w = (int) Math.min(free, max);
        return (w >>> rcvShift) << rcvShift;
    }

    // =====================================================================================================
    // Closing
    // =====================================================================================================

    void onIcmpError(long now, int quotedSeq, int errno, boolean hard) {
        if (state == TcpState.SYN_SENT) {
            if (quotedSeq != iss) {
                layer.stats.icmpIgnored++;
                return;
            }
        } else if (!SequenceNumber.between(sndUna, quotedSeq, sndNxt)) {
            layer.stats.icmpIgnored++; // RFC 5927 §4.1: the quoted sequence number must be in flight
            return;
        }
        layer.stats.icmpErrors++;
        if (hard && state == TcpState.SYN_SENT) {
            enterClosed(errno); // RFC 1122 §4.2.3.9 / RFC 5927 §4.2: a hard error aborts a connection attempt
        } else {
            softError = errno; // otherwise only recorded, reported if the connection later times out
        }
    }

    /** Enters {@code to} and reports the transition with its cause to the layer's observer (RFC 9293 §3.3.2). */
    private void moveTo(TcpState to) {
        TcpState from = state;
        state = to;
        if (to == TcpState.TIME_WAIT || to == TcpState.CLOSED) {
            releaseStorage();
        }
        if (from != to) {
            layer.noteTransition(this, from, to);
        }
    }

    /**
     * Gives back the storage a finished connection no longer needs (TIME-WAIT or CLOSED: RFC 9293 §3.10.7.4 accepts
     * no new data there). Each part goes only when empty: bytes the application has not read stay readable, and the
     * receive ring goes once they are read.
     */
    private void releaseStorage() {
        sendBuffer.release();
        ledger.release();
        if (receiveBuffer.readable() == 0) {
            assembler.clear(); // out-of-order bytes beyond the FIN cannot become readable
            receiveBuffer.release();
        }
    }

    /**
     * The bytes of storage this connection's send ring, receive ring and transmit ledger hold now: 0 before first
     * use and again in TIME-WAIT; at most about the configured buffer sizes plus the ledger for a full send ring.
     */
    public long bufferMemoryBytes() {
        return (long) sendBuffer.storageBytes() + receiveBuffer.storageBytes() + ledger.storageBytes();
    }

    private void enterClosed(int err) {
        if (state == TcpState.CLOSED && released) {
            return;
        }
        TcpListener p = parent;
        parent = null;
        error = err;
        moveTo(TcpState.CLOSED);
        rtoDeadline = NONE;
        delayedAckDeadline = NONE;
        persistDeadline = NONE;
        keepAliveDeadline = NONE;
        lingerDeadline = NONE;
        tlpDeadline = NONE;
        rackDeadline = NONE;
        ackNow = false;
        synDue = false;
        if (p != null) {
            p.onChildDied(this);
        }
        layer.release(this);
        listener.onClosed(this);
    }
}
