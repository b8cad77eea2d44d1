package org.margay.net.udp.socket;

import java.lang.foreign.MemorySegment;

/**
 * One UDP endpoint: a bound local address and port, an optional connected peer, a bounded receive queue and a
 * pending error (RFC 1122 §4.1.3.3: ICMP errors are reported to the application).
 *
 * <p>The receive queue is a byte ring (datagrams copied in whole) plus a ring of per-datagram records; both
 * are allocated when the socket is bound. A datagram that does not fit (too many queued, or too few bytes
 * free) is dropped and counted: UDP never blocks the stack. Single-threaded: only the stack's thread touches a
 * socket.
 */
public final class UdpSocket {
    private final UdpSocketTable table;
    private final int localIp;
    private final int localPort;
    private int remoteIp;
    private int remotePort;
    private boolean open = true;

    private final MemorySegment ring;
    private final int ringBytes;
    private long readPosition;
    private long writePosition;
    private final int[] lengths;
    private final int[] sourceIps;
    private final int[] sourcePorts;
    private int head;
    private int count;

    private int lastSourceIp;
    private int lastSourcePort;
    private int pendingError;

    private long datagramsReceived;
    private long datagramsDropped;
    private long errorsReported;

    UdpSocket(UdpSocketTable table, int localIp, int localPort, int queueDatagrams, int queueBytes) {
        this.table = table;
        this.localIp = localIp;
        this.localPort = localPort;
        this.ring = MemorySegment.ofArray(new byte[queueBytes]);
        this.ringBytes = queueBytes;
        this.lengths = new int[queueDatagrams];
        this.sourceIps = new int[queueDatagrams];
        this.sourcePorts = new int[queueDatagrams];
    }

    /** The bound local address (0 = any of the host's). */
    public int localIp() {
        return localIp;
    }

    /** The bound local port. */
    public int localPort() {
        return localPort;
    }

    /** The connected peer's address, or 0 when unconnected. */
    public int remoteIp() {
        return remoteIp;
    }

    /** The connected peer's port, or 0 when unconnected. */
    public int remotePort() {
        return remotePort;
    }

    /** Whether the socket is connected to one peer. */
    public boolean isConnected() {
        return remotePort != 0;
    }

    /** Whether the socket is still bound. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Connects to one peer: sends default to it and only its datagrams are received (RFC 1122 §4.1.3.4 leaves
     * the filter to the implementation; every common stack applies it). Port 0 disconnects.
     */
    public void connect(int ip, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        this.remoteIp = port == 0 ? 0 : ip;
        this.remotePort = port;
    }

    /**
     * Queues a received datagram's payload. Returns false (and counts a drop) when the queue is full.
     * Called by the stack.
     */
    public boolean deliver(int sourceIp, int sourcePort, MemorySegment payload, long offset, int length) {
        if (count == lengths.length || length > ringBytes - (int) (writePosition - readPosition)) {
            datagramsDropped++;
            return false;
        }
        int at = (int) (writePosition % ringBytes);
        int first = Math.min(length, ringBytes - at);
        MemorySegment.copy(payload, offset, ring, at, first);
        if (first < length) {
            MemorySegment.copy(payload, offset + first, ring, 0, length - first);
        }
        writePosition += length;
        int slot = (head + count) % lengths.length;
        lengths[slot] = length;
        sourceIps[slot] = sourceIp;
        sourcePorts[slot] = sourcePort;
        count++;
        datagramsReceived++;
        return true;
    }

    /**
     * Takes the oldest queued datagram, copying up to {@code max} bytes to {@code target} (the rest of a longer
     * datagram is discarded, as with {@code MSG_TRUNC} off). Returns the datagram's full length, or -1 when
     * none is queued. {@link #lastSourceIp()} and {@link #lastSourcePort()} then name its sender.
     */
    public int receive(MemorySegment target, long offset, int max) {
        if (count == 0) {
            return -1;
        }
        int length = lengths[head];
        int copy = Math.min(length, max);
        int at = (int) (readPosition % ringBytes);
        int first = Math.min(copy, ringBytes - at);
        MemorySegment.copy(ring, at, target, offset, first);
        if (first < copy) {
            MemorySegment.copy(ring, 0, target, offset + first, copy - first);
        }
        readPosition += length;
        lastSourceIp = sourceIps[head];
        lastSourcePort = sourcePorts[head];
        head = (head + 1) % lengths.length;
        count--;
        return length;
    }

    /** Datagrams waiting to be read. */
    public int queued() {
        return count;
    }

    /** Length of the next datagram, or -1 when none is queued. */
    public int peekLength() {
        return count == 0 ? -1 : lengths[head];
    }

    /** The source address of the datagram last returned by {@link #receive}. */
    public int lastSourceIp() {
        return lastSourceIp;
    }

    /** The source port of the datagram last returned by {@link #receive}. */
    public int lastSourcePort() {
        return lastSourcePort;
    }

    /** Records an error for the application (a later one replaces an unread earlier one). Called by the stack. */
    public void reportError(int errno) {
        pendingError = errno;
        errorsReported++;
    }

    /** The pending error, cleared by reading it ({@code SO_ERROR} semantics); {@link UdpErrors#NONE} if none. */
    public int takeError() {
        int error = pendingError;
        pendingError = UdpErrors.NONE;
        return error;
    }

    /** Datagrams queued since bind. */
    public long datagramsReceived() {
        return datagramsReceived;
    }

    /** Datagrams dropped because the queue was full. */
    public long datagramsDropped() {
        return datagramsDropped;
    }

    /** Errors reported since bind. */
    public long errorsReported() {
        return errorsReported;
    }

    /** Unbinds the socket; queued datagrams are discarded. Idempotent. */
    public void close() {
        if (open) {
            open = false;
            count = 0;
            readPosition = writePosition;
            table.unbind(this);
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[" + (localIp >>> 24) + "." + (localIp >>> 16 & 255) + "." + (localIp >>> 8 & 255) + "."
                + (localIp & 255) + ":" + localPort + (isConnected() ? " connected" : "") + "]";
    }
}
