package org.margay.net.tcp.engine;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.margay.net.common.WireStatus;
import org.margay.net.tcp.TcpOptions;
import org.margay.net.tcp.TcpSegment;

/**
 * The TCP layer of one stack: demultiplexes arriving segments to connections (an open-addressing table keyed by
 * the 4-tuple) and listeners (keyed by local address and port, with the wildcard address 0), answers segments to
 * closed ports with RST (RFC 9293 §3.10.7.1), chooses ISNs (RFC 6528, SipHash-2-4) and ephemeral ports (RFC 6335
 * range, RFC 6056 style), answers SYN floods with SYN cookies (RFC 4987), takes ICMP errors (RFC 1122 §4.2.3.9,
 * RFC 5927) and drives output and timers: {@link #poll} emits only for connections on the intrusive ready list or
 * whose deadline (kept in a binary heap) has passed, so it never scans every connection.
 *
 * <p>Single-threaded. Time enters as {@code nowNanos} arguments; the layer remembers the latest for calls that have
 * none (connect without a time, close). Allocation: creating a connection allocates its control block (cold path);
 * its rings and ledger are allocated on first use and grow, doubling, up to their configured sizes a bounded
 * number of times ({@link #bufferMemoryBytes()} sums what they hold); otherwise segments, polls and timers
 * allocate nothing.
 */
public final class TcpLayer {
    /** First ephemeral port (RFC 6335 §6). */
    public static final int EPHEMERAL_FIRST = 49152;
    /** Last ephemeral port. */
    public static final int EPHEMERAL_LAST = 65535;
    private static final int REPLY_QUEUE = 256;
    private static final long NONE = Long.MAX_VALUE;

    final TcpConfig config;
    final TcpLayerStats stats = new TcpLayerStats();
    /** Scratch option holder for the slow path (one segment at a time). */
    final TcpOptions options = new TcpOptions();
    private final IsnGenerator isns;
    private final SynCookies cookies;
    private final long tsKey0;
    private final long tsKey1;
    private final ConnectionTable table;
    private final OutgoingOptions replyOptions = new OutgoingOptions();
    private long now;
    private TcpTransitionObserver transitionObserver;
    private long lastCookieNanos = Long.MIN_VALUE / 2;
    private int ephemeralCounter;

    // Listeners: open addressing keyed by (ip << 16 | port).
    private long[] listenerKeys = new long[16];
    private TcpListener[] listenerValues = new TcpListener[16];
    private int listenerCount;

    // Intrusive ready list.
    private TcpConnection readyHead;
    private TcpConnection readyTail;

    // Deadline heap.
    private TcpConnection[] heap = new TcpConnection[64];
    private int heapSize;

    // Stateless replies (RSTs for closed ports, cookie SYN-ACKs), a fixed ring.
    private final int[] rLocalIp = new int[REPLY_QUEUE];
    private final int[] rLocalPort = new int[REPLY_QUEUE];
    private final int[] rRemoteIp = new int[REPLY_QUEUE];
    private final int[] rRemotePort = new int[REPLY_QUEUE];
    private final int[] rSeq = new int[REPLY_QUEUE];
    private final int[] rAck = new int[REPLY_QUEUE];
    private final int[] rFlags = new int[REPLY_QUEUE];
    private final int[] rWindow = new int[REPLY_QUEUE];
    private final int[] rMss = new int[REPLY_QUEUE];
    private final int[] rShift = new int[REPLY_QUEUE];
    private final boolean[] rSack = new boolean[REPLY_QUEUE];
    private final boolean[] rTs = new boolean[REPLY_QUEUE];
    private final int[] rTsVal = new int[REPLY_QUEUE];
    private final int[] rTsEcr = new int[REPLY_QUEUE];
    private int replyHead;
    private int replyCount;

    // Challenge ACK budget (RFC 5961 §7), per second for the whole layer.
    private long challengeWindowStart = Long.MIN_VALUE;
    private int challengeCount;

    /** A layer with secrets from {@link SecureRandom}. */
    public TcpLayer(TcpConfig config) {
        this(config, new SecureRandom().nextLong());
    }

    /** A layer whose secrets (ISN key, cookie key, timestamp offsets, hash salt) derive from {@code seed}: deterministic runs for tests and simulations. */
    public TcpLayer(TcpConfig config, long seed) {
        this.config = config;
        SplittableRandom random = new SplittableRandom(seed);
        this.isns = new IsnGenerator(random.nextLong(), random.nextLong());
        this.cookies = new SynCookies(random.nextLong(), random.nextLong());
        this.tsKey0 = random.nextLong();
        this.tsKey1 = random.nextLong();
        this.table = new ConnectionTable(64, random.nextLong());
        this.ephemeralCounter = random.nextInt(1 << 16);
    }

    /** The configuration. */
    public TcpConfig config() {
        return config;
    }

    /** Layer-wide counters. */
    public TcpLayerStats stats() {
        return stats;
    }

    /** The latest time the layer was given. */
    public long now() {
        return now;
    }

    /** Sets (or clears, with null) the observer of every connection's state transitions, with their causes. */
    public void transitionObserver(TcpTransitionObserver observer) {
        this.transitionObserver = observer;
    }

    /** Tells the observer, if any, that {@code connection} moved; the reason is a constant (no allocation). */
    void noteTransition(TcpConnection connection, TcpState from, TcpState to) {
        TcpTransitionObserver o = transitionObserver;
        if (o != null) {
            o.onTransition(connection, from, to, TcpTransitions.reason(from, to, connection.error()));
        }
    }

    /** Connections in the table (every state but CLOSED). */
    public int connectionCount() {
        return table.size();
    }

    /**
     * Gauge: the bytes of send-ring, receive-ring and transmit-ledger storage held by the connections in the table
     * (every state but CLOSED, half-open ones included). Storage is allocated on first use and grows with use, so
     * this is what the connections actually hold, not their configured sizes; a half-open connection holds only
     * the small ledger of its SYN-ACK and TIME-WAIT holds nothing. Cold: it scans the table (for tests, soak runs
     * and diagnostics, not for the packet path).
     */
    public long bufferMemoryBytes() {
        return table.bufferMemoryBytes();
    }

    /** The connection for this 4-tuple, or null. */
    public TcpConnection find(int localIp, int localPort, int remoteIp, int remotePort) {
        return table.get(localIp, localPort, remoteIp, remotePort);
    }

    private void advance(long nowNanos) {
        if (nowNanos > now) {
            now = nowNanos;
        }
    }

    // =====================================================================================================
    // OPEN
    // =====================================================================================================

    /** Active OPEN at the layer's latest time; see {@link #connect(long, int, int, int, int)}. */
    public TcpConnection connect(int localIp, int localPort, int remoteIp, int remotePort) {
        return connect(now, localIp, localPort, remoteIp, remotePort);
    }

    /**
     * Active OPEN (RFC 9293 §3.10.1): a new connection in SYN-SENT whose SYN goes out on the next poll.
     * {@code localPort} 0 picks an ephemeral port.
     *
     * @throws IllegalStateException when the 4-tuple is in use or no ephemeral port is free
     */
    public TcpConnection connect(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort) {
        return connect(nowNanos, localIp, localPort, remoteIp, remotePort, config);
    }

    /**
     * Active OPEN with this connection's own settings (socket options set before connect, as Linux requires for
     * SO_SNDBUF, SO_RCVBUF and TCP_MAXSEG): buffer sizes, MSS, Nagle, keep-alive, timers, congestion control and
     * the options offered come from {@code perConnection}; its MSS is clamped to the layer's (which the stack ties
     * to the device MTU: TCP_MAXSEG can lower the MSS, never raise it past the link). Layer-wide settings in it are
     * ignored (see {@link #perConnection}).
     *
     * @throws IllegalStateException when the 4-tuple is in use or no ephemeral port is free
     */
    public TcpConnection connect(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort,
                                 TcpConfig perConnection) {
        TcpConfig effective = perConnection(perConnection);
        advance(nowNanos);
        if (localPort == 0) {
            localPort = ephemeralPort(localIp, remoteIp, remotePort);
        }
        if (table.get(localIp, localPort, remoteIp, remotePort) != null) {
            throw new IllegalStateException("connection already exists: port " + localPort + " -> " + remotePort);
        }
        TcpConnection c = new TcpConnection(this, effective, localIp, localPort, remoteIp, remotePort);
        c.openActive(now, isns.isn(now, localIp, localPort, remoteIp, remotePort));
        table.put(c);
        stats.connectionsOpened++;
        touch(c);
        return c;
    }

    private int ephemeralPort(int localIp, int remoteIp, int remotePort) {
        // RFC 6056 §3.3.3 in spirit: a keyed offset per destination plus a counter, then a linear search.
        int span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        int offset = (int) SipHash.hash16(tsKey1, tsKey0, IsnGenerator.tupleWord(localIp, remoteIp), remotePort);
        for (int tries = 0; tries < span; tries++) {
            int port = EPHEMERAL_FIRST + Math.floorMod(offset + ephemeralCounter++, span);
            if (table.get(localIp, port, remoteIp, remotePort) == null && findListenerExact(localIp, port) == null
                    && findListenerExact(0, port) == null) {
                return port;
            }
        }
        throw new IllegalStateException("no free ephemeral port towards port " + remotePort);
    }

    /**
     * Passive OPEN: listen on {@code localIp} (0 = every address) and {@code port} with an accept queue of
     * {@code backlog} (capped by {@link TcpConfig#acceptBacklog()}).
     *
     * @throws IllegalStateException when something already listens there
     */
    public TcpListener listen(int localIp, int port, int backlog) {
        return listen(localIp, port, backlog, config);
    }

    /**
     * Passive OPEN whose accepted children use {@code childConfig} (socket options set on the listening socket are
     * inherited by accepted ones): buffer sizes, MSS (clamped to the layer's), Nagle, keep-alive and the options
     * offered in the SYN-ACK, SYN cookies included. The backlog is capped by the layer's
     * {@link TcpConfig#acceptBacklog()}; SYN backlog and cookies stay layer-wide.
     *
     * @throws IllegalStateException when something already listens there
     */
    public TcpListener listen(int localIp, int port, int backlog, TcpConfig childConfig) {
        TcpConfig effective = perConnection(childConfig);
        if (findListenerExact(localIp, port) != null) {
            throw new IllegalStateException("already listening on port " + port);
        }
        if (port <= 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
        TcpListener l = new TcpListener(this, localIp, port, Math.max(1, Math.min(backlog, config.acceptBacklog())),
                effective);
        if ((listenerCount + 1) * 2 > listenerKeys.length) {
            growListeners();
        }
        insertListener(l);
        listenerCount++;
        return l;
    }

    /**
     * The settings a connection opened with {@code requested} really uses: {@code requested} with its MSS clamped
     * to the layer's (RFC 9293 §3.7.1: the MSS may not exceed what the interface MTU allows; the layer's MSS is
     * that bound). Null means the layer's settings.
     */
    public TcpConfig perConnection(TcpConfig requested) {
        if (requested == null || requested == config) {
            return config;
        }
        if (requested.mss() <= config.mss()) {
            return requested;
        }
        return requested.toBuilder().mss(config.mss()).build();
    }

    private static long listenerKey(int ip, int port) {
        return ((ip & 0xFFFFFFFFL) << 16) | (port & 0xFFFF);
    }

    private int listenerSlot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & (listenerKeys.length - 1);
    }

    private void insertListener(TcpListener l) {
        long key = listenerKey(l.localIp(), l.localPort());
        int i = listenerSlot(key);
        while (listenerValues[i] != null) {
            i = (i + 1) & (listenerKeys.length - 1);
        }
        listenerKeys[i] = key;
        listenerValues[i] = l;
    }

    private void growListeners() {
        TcpListener[] old = listenerValues;
        listenerKeys = new long[old.length * 2];
        listenerValues = new TcpListener[old.length * 2];
        for (TcpListener l : old) {
            if (l != null) {
                insertListener(l);
            }
        }
    }

    private TcpListener findListenerExact(int ip, int port) {
        long key = listenerKey(ip, port);
        int i = listenerSlot(key);
        while (listenerValues[i] != null) {
            if (listenerKeys[i] == key) {
                return listenerValues[i];
            }
            i = (i + 1) & (listenerKeys.length - 1);
        }
        return null;
    }

    void removeListener(TcpListener l) {
        TcpListener[] old = listenerValues;
        listenerKeys = new long[old.length];
        listenerValues = new TcpListener[old.length];
        listenerCount = 0;
        for (TcpListener x : old) {
            if (x != null && x != l) {
                insertListener(x);
                listenerCount++;
            }
        }
    }

    // =====================================================================================================
    // Input
    // =====================================================================================================

    /**
     * A segment arrived for us ({@code dstIp} is ours; the IP layer verified the checksum). Demultiplexes it to
     * a connection, a listener, or answers with RST (RFC 9293 §3.10.7.1). Never throws for bad input.
     */
    public void onSegment(long nowNanos, int srcIp, int dstIp, TcpSegment seg) {
        advance(nowNanos);
        stats.segmentsIn++;
        if (seg.checkHeader() != WireStatus.OK) {
            stats.malformedDropped++;
            return;
        }
        int srcPort = seg.sourcePort();
        int dstPort = seg.destinationPort();
        TcpConnection c = table.get(dstIp, dstPort, srcIp, srcPort);
        if (c != null) {
            c.onSegment(now, seg);
            touch(c);
            return;
        }
        TcpListener l = findListenerExact(dstIp, dstPort);
        if (l == null) {
            l = findListenerExact(0, dstPort);
        }
        if (l == null) {
            resetClosedPort(srcIp, dstIp, seg);
            return;
        }
        listenArrives(l, srcIp, dstIp, seg);
    }

    /** RFC 9293 §3.10.7.1: a segment to no connection. An RST is never answered. */
    private void resetClosedPort(int srcIp, int dstIp, TcpSegment seg) {
        if (seg.rst()) {
            stats.noConnectionDropped++;
            return;
        }
        if (seg.ack()) {
            queueReset(dstIp, seg.destinationPort(), srcIp, seg.sourcePort(), seg.acknowledgmentNumber(), 0,
                    TcpSegment.RST);
        } else {
            queueReset(dstIp, seg.destinationPort(), srcIp, seg.sourcePort(), 0,
                    seg.sequenceNumber() + seg.segmentLength(), TcpSegment.RST | TcpSegment.ACK);
        }
    }

    /** RFC 9293 §3.10.7.2: LISTEN. */
    private void listenArrives(TcpListener l, int srcIp, int dstIp, TcpSegment seg) {
        stats.slowPathSegments++;
        if (seg.rst()) {
            return; // first: an incoming RST is ignored
        }
        int dstPort = seg.destinationPort();
        int srcPort = seg.sourcePort();
        if (seg.ack()) {
            // second: an ACK. With SYN cookies it may complete a stateless handshake (RFC 4987 §3.6).
            if (!seg.syn() && config.synCookies() && tryCookie(l, srcIp, dstIp, seg)) {
                return;
            }
            if (l.acceptQueueFull() || now - lastCookieNanos < SynCookies.MAX_AGE_MINUTES * SynCookies.MINUTE_NANOS) {
                // While cookies are in use (or the queue is full) the ACK may belong to a handshake we answered
                // statelessly, whose first ACK we could not take: a later segment of it cannot be validated (the
                // client ISN is SEG.SEQ − 1 only for the first), so drop it rather than reset; the client's
                // retransmission from its ISN + 1 validates.
                return;
            }
            queueReset(dstIp, dstPort, srcIp, srcPort, seg.acknowledgmentNumber(), 0, TcpSegment.RST);
            return;
        }
        if (!seg.syn()) {
            return; // fourth: other control or text, drop
        }
        stats.synsReceived++;
        if (options.parse(seg) != WireStatus.OK) {
            stats.malformedDropped++;
            return;
        }
        if (l.acceptQueueFull()) {
            stats.acceptQueueOverflows++;
            return;
        }
        if (l.halfOpen >= config.synBacklog()) {
            if (config.synCookies()) {
                sendCookie(l.childConfig(), srcIp, dstIp, seg);
            } else {
                stats.synsDroppedBacklog++;
            }
            return;
        }
        TcpConnection c = new TcpConnection(this, l.childConfig(), dstIp, dstPort, srcIp, srcPort);
        c.parent = l;
        l.halfOpen++;
        c.openPassive(now, seg, options, isns.isn(now, dstIp, dstPort, srcIp, srcPort));
        table.put(c);
        stats.connectionsOpened++;
        touch(c);
    }

    private void sendCookie(TcpConfig child, int srcIp, int dstIp, TcpSegment seg) {
        int dstPort = seg.destinationPort();
        int srcPort = seg.sourcePort();
        int clientIsn = seg.sequenceNumber();
        int mssIndex = SynCookies.mssIndex(options.hasMss() ? options.mss() : 536);
        int cookie = cookies.cookie(now, dstIp, dstPort, srcIp, srcPort, clientIsn, mssIndex);
        boolean ts = child.timestamps() && options.hasTimestamps();
        int k = enqueueReply(dstIp, dstPort, srcIp, srcPort, cookie, clientIsn + 1, TcpSegment.SYN | TcpSegment.ACK);
        if (k < 0) {
            return;
        }
        rWindow[k] = Math.min(child.receiveBufferSize(), 0xFFFF);
        rMss[k] = child.mss();
        if (ts) {
            int shift = child.windowScaling() && options.hasWindowScale() ? options.windowScale() : -1;
            boolean sack = child.sack() && options.sackPermitted();
            rTs[k] = true;
            int tsNow = (int) (now / 1_000_000L) + timestampOffset(dstIp, dstPort, srcIp, srcPort);
            rTsVal[k] = SynCookies.encodeTimestamp(tsNow, shift, sack);
            rTsEcr[k] = options.timestampValue();
            rShift[k] = shift >= 0 ? child.receiveWindowShift() : -1;
            rSack[k] = sack;
        }
        stats.synCookiesSent++;
        lastCookieNanos = now;
    }

    private boolean tryCookie(TcpListener l, int srcIp, int dstIp, TcpSegment seg) {
        int dstPort = seg.destinationPort();
        int srcPort = seg.sourcePort();
        int index = cookies.check(now, dstIp, dstPort, srcIp, srcPort, seg.sequenceNumber() - 1,
                seg.acknowledgmentNumber() - 1);
        if (index < 0) {
            stats.synCookiesRejected++;
            return false;
        }
        if (l.acceptQueueFull()) {
            stats.acceptQueueOverflows++;
            return true; // drop: the client retransmits its ACK or data
        }
        if (options.parse(seg) != WireStatus.OK) {
            stats.malformedDropped++;
            return true;
        }
        boolean ts = l.childConfig().timestamps() && options.hasTimestamps();
        int shift = ts ? SynCookies.decodeWindowShift(options.timestampEchoReply()) : -1;
        boolean sack = ts && SynCookies.decodeSackPermitted(options.timestampEchoReply());
        TcpConnection c = new TcpConnection(this, l.childConfig(), dstIp, dstPort, srcIp, srcPort);
        table.put(c);
        stats.connectionsOpened++;
        stats.synCookiesAccepted++;
        c.openFromCookie(now, seg, SynCookies.MSS_TABLE[index], shift, sack, ts, options.timestampValue());
        l.enqueue(c);
        // The ACK may carry data (and is an ordinary segment for the new connection).
        if (seg.payloadLength() > 0 || seg.fin()) {
            c.onSegment(now, seg);
        }
        touch(c);
        return true;
    }

    /**
     * An ICMP error quoted a segment of ours (RFC 1122 §4.2.3.9, RFC 5927). {@code quotedSeq} is the sequence
     * number from the quoted TCP header; it must be in flight (RFC 5927 §4.1), or the message is ignored. A hard
     * error ({@code hard}: protocol/port unreachable and the like) aborts a connection in SYN-SENT with
     * {@code errno}; otherwise the error is recorded as the connection's soft error.
     */
    public void onIcmpError(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort, int quotedSeq,
                            int errno, boolean hard) {
        advance(nowNanos);
        TcpConnection c = table.get(localIp, localPort, remoteIp, remotePort);
        if (c == null) {
            stats.icmpIgnored++;
            return;
        }
        c.onIcmpError(now, quotedSeq, errno, hard);
        touch(c);
    }

    /** ICMP destination-unreachable code → errno (RFC 1122 §3.2.2.1 codes; Linux's icmp_err_convert). */
    public static int errnoForUnreachable(int code) {
        return switch (code) {
            case 0, 6, 11 -> TcpError.ENETUNREACH;
            case 2 -> TcpError.ENOPROTOOPT;
            case 3 -> TcpError.ECONNREFUSED;
            case 4 -> TcpError.EMSGSIZE;
            default -> TcpError.EHOSTUNREACH;
        };
    }

    /** Whether a destination-unreachable code is a hard error (RFC 1122 §4.2.3.9: codes 2, 3 and 4). */
    public static boolean isHardUnreachable(int code) {
        return code == 2 || code == 3 || code == 4;
    }

    // =====================================================================================================
    // Output and timers
    // =====================================================================================================

    /**
     * Emits what is due: queued stateless replies, then the output of every connection on the ready list or
     * whose deadline has passed. Returns the segments emitted. A {@code false} from the sink stops nothing but
     * that segment: the connection stays ready and retries on the next poll.
     */
    public int poll(long nowNanos, SegmentSink sink) {
        advance(nowNanos);
        long before = stats.segmentsOut;
        while (heapSize > 0 && heap[0].heapDeadline <= now) {
            TcpConnection c = heap[0];
            heapRemove(c);
            // An entry whose real deadline moved later is still due to be looked at: it goes back into the heap
            // when its poll below reschedules it (the lazy postponement of schedule()).
            markReady(c);
        }
        if (!emitReplies(sink)) {
            return (int) (stats.segmentsOut - before);
        }
        TcpConnection c = readyHead;
        readyHead = null;
        readyTail = null;
        while (c != null) {
            TcpConnection next = c.readyNext;
            c.readyNext = null;
            c.inReady = false;
            if (!c.released) {
                boolean blocked = c.poll(now, sink);
                if (!c.released) {
                    if (blocked) {
                        markReady(c);
                    }
                    schedule(c);
                }
            }
            c = next;
        }
        // Replies queued while polling (RST from abort in a callback, for example).
        emitReplies(sink);
        return (int) (stats.segmentsOut - before);
    }

    /** The earliest time {@link #poll} has work: now when output is pending, else the first deadline, else Long.MAX_VALUE. */
    public long nextDeadline() {
        if (readyHead != null || replyCount > 0) {
            return now;
        }
        refreshHeapTop();
        return heapSize > 0 ? heap[0].heapDeadline : NONE;
    }

    /**
     * Brings the heap's first entry up to date: {@link #schedule} leaves an entry in place when its connection's
     * deadline moves later, so the first entry may be early. Re-files it (and the next) until the first is exact,
     * so {@link #nextDeadline()} reports no earlier time than work is due. Cold path: once per idle step.
     */
    private void refreshHeapTop() {
        while (heapSize > 0) {
            TcpConnection c = heap[0];
            long d = c.nextDeadline();
            if (d == c.heapDeadline) {
                return;
            }
            if (d == NONE) {
                heapRemove(c);
            } else {
                c.heapDeadline = d;
                siftDown(0);
            }
        }
    }

    /** Whether output is waiting for the next poll. */
    public boolean hasPendingOutput() {
        return readyHead != null || replyCount > 0;
    }

    /**
     * After any event on {@code c}: put it on the ready list (output may be due). Its deadline is refiled when
     * {@link #poll} polls it, once per poll however many segments arrived, not once per event.
     */
    void touch(TcpConnection c) {
        if (c.released) {
            return;
        }
        markReady(c);
    }

    private void markReady(TcpConnection c) {
        if (c.inReady || c.released) {
            return;
        }
        c.inReady = true;
        c.readyNext = null;
        if (readyTail == null) {
            readyHead = c;
        } else {
            readyTail.readyNext = c;
        }
        readyTail = c;
    }

    private void schedule(TcpConnection c) {
        long d = c.nextDeadline();
        if (d == NONE) {
            if (c.heapIndex >= 0) {
                heapRemove(c);
            }
            return;
        }
        if (c.heapIndex < 0) {
            if (heapSize == heap.length) {
                TcpConnection[] bigger = new TcpConnection[heap.length * 2];
                System.arraycopy(heap, 0, bigger, 0, heapSize);
                heap = bigger;
            }
            c.heapDeadline = d;
            c.heapIndex = heapSize;
            heap[heapSize++] = c;
            siftUp(c.heapIndex);
        } else if (d < c.heapDeadline) {
            c.heapDeadline = d;
            siftUp(c.heapIndex);
        }
        // A later deadline (every ACK restarts the retransmission timer, RFC 6298 §5.3) leaves the entry where it
        // is: when the old time comes, poll() finds the connection, which has nothing due and is filed again at its
        // real deadline. So the common case costs a comparison per segment, not a sift; refreshHeapTop() keeps
        // nextDeadline() exact.
    }

    private void heapRemove(TcpConnection c) {
        int i = c.heapIndex;
        if (i < 0) {
            return;
        }
        heapSize--;
        TcpConnection last = heap[heapSize];
        heap[heapSize] = null;
        c.heapIndex = -1;
        if (i < heapSize) {
            heap[i] = last;
            last.heapIndex = i;
            siftDown(i);
            siftUp(last.heapIndex);
        }
    }

    private void siftUp(int i) {
        TcpConnection c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TcpConnection p = heap[parent];
            if (p.heapDeadline <= c.heapDeadline) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    private void siftDown(int i) {
        TcpConnection c = heap[i];
        while (true) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                break;
            }
            int right = left + 1;
            int child = right < heapSize && heap[right].heapDeadline < heap[left].heapDeadline ? right : left;
            if (heap[child].heapDeadline >= c.heapDeadline) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = c;
        c.heapIndex = i;
    }

    /** A connection reached CLOSED: forget it (table, heap; the ready list skips it). */
    void release(TcpConnection c) {
        if (c.released) {
            return;
        }
        c.released = true;
        table.remove(c);
        heapRemove(c);
        stats.connectionsClosed++;
    }

    // =====================================================================================================
    // Stateless replies, challenge ACK limit, timestamp offsets
    // =====================================================================================================

    /** Queues an RST (or RST+ACK) to be emitted on the next poll; counted and dropped when the queue is full. */
    void queueReset(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags) {
        enqueueReply(localIp, localPort, remoteIp, remotePort, seq, ack, flags);
    }

    /** A reset with a window and, when {@code ts}, a timestamp option (RFC 7323 §3.2: TSopt SHOULD be sent in an RST). */
    void queueReset(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                    int window, boolean ts, int tsVal, int tsEcr) {
        int k = enqueueReply(localIp, localPort, remoteIp, remotePort, seq, ack, flags);
        if (k >= 0) {
            rWindow[k] = window;
            rTs[k] = ts;
            rTsVal[k] = tsVal;
            rTsEcr[k] = tsEcr;
        }
    }

    private int enqueueReply(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags) {
        if (replyCount == REPLY_QUEUE) {
            stats.rstsDroppedNoRoom++;
            return -1;
        }
        int k = (replyHead + replyCount) % REPLY_QUEUE;
        replyCount++;
        rLocalIp[k] = localIp;
        rLocalPort[k] = localPort;
        rRemoteIp[k] = remoteIp;
        rRemotePort[k] = remotePort;
        rSeq[k] = seq;
        rAck[k] = ack;
        rFlags[k] = flags;
        rWindow[k] = 0;
        rMss[k] = -1;
        rShift[k] = -1;
        rSack[k] = false;
        rTs[k] = false;
        return k;
    }

    private boolean emitReplies(SegmentSink sink) {
        while (replyCount > 0) {
            int k = replyHead;
            replyOptions.clear();
            if (rMss[k] >= 0) {
                replyOptions.mss(rMss[k]);
                replyOptions.sackPermitted(rSack[k]);
                if (rTs[k]) {
                    replyOptions.timestamps(rTsVal[k], rTsEcr[k]);
                }
                if (rShift[k] >= 0) {
                    replyOptions.windowShift(rShift[k]);
                }
            } else if (rTs[k]) {
                replyOptions.timestamps(rTsVal[k], rTsEcr[k]);
            }
            if (!sink.emit(rLocalIp[k], rLocalPort[k], rRemoteIp[k], rRemotePort[k], rSeq[k], rAck[k], rFlags[k],
                    rWindow[k], replyOptions, null, 0, 0)) {
                return false;
            }
            if ((rFlags[k] & TcpSegment.RST) != 0) {
                stats.rstsSent++;
            }
            stats.segmentsOut++;
            replyHead = (replyHead + 1) % REPLY_QUEUE;
            replyCount--;
        }
        return true;
    }

    /** RFC 5961 §7: at most {@link TcpConfig#challengeAckLimit()} challenge ACKs per second, layer-wide. */
    boolean allowChallengeAck(long nowNanos) {
        if (nowNanos - challengeWindowStart >= 1_000_000_000L || challengeWindowStart == Long.MIN_VALUE) {
            challengeWindowStart = nowNanos;
            challengeCount = 0;
        }
        if (challengeCount >= config.challengeAckLimit()) {
            stats.challengeAcksRateLimited++;
            return false;
        }
        challengeCount++;
        return true;
    }

    /** A per-4-tuple random offset for TSval (RFC 7323 §5.4 / Linux's ts_off), stable so SYN cookies can use it. */
    int timestampOffset(int localIp, int localPort, int remoteIp, int remotePort) {
        return (int) SipHash.hash16(tsKey0, tsKey1, IsnGenerator.tupleWord(localIp, remoteIp),
                IsnGenerator.portsWord(localPort, remotePort));
    }
}
