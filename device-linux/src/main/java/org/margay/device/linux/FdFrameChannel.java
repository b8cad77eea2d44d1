package org.margay.device.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.PacketBurst;

/**
 * The hot path shared by the file-descriptor devices ({@link TapDevice}, {@link AfPacketDevice}): bursts of
 * whole Ethernet frames read from and written to one non-blocking descriptor, one frame per system call.
 *
 * <p><b>Receive</b> reads frames into buffers from the device's pool until the kernel answers {@code EAGAIN},
 * the burst is full or the pool is empty (then the frames wait in the kernel's queue, which drops when it
 * overflows). A buffer that did not get a frame is kept as the spare for the next read, so an idle poll
 * allocates and frees nothing. Frames shorter than an Ethernet header or longer than the MTU allows are
 * counted as receive errors and their buffer reused.
 *
 * <p><b>Transmit</b> takes every frame of the burst: each is written with {@code write} (or {@code writev}
 * for a chain of up to {@value #MAX_SEGMENTS} segments) and released. {@code EAGAIN}/{@code ENOBUFS} (the
 * kernel queue is full) counts a transmit drop, other failures a transmit error: the link is a wire, and the
 * transports above retransmit.
 *
 * <p>Optionally ({@code packetSocket}), receive uses {@code recvfrom} with a {@code sockaddr_ll} and skips
 * frames whose {@code sll_pkttype} is {@code PACKET_OUTGOING}, so a stack never sees its own frames on
 * kernels without {@code PACKET_IGNORE_OUTGOING}; and it passes {@code MSG_TRUNC} so that an oversized frame
 * is recognised instead of silently cut.
 *
 * <p>Single-threaded, allocation-free per frame. Owns the descriptor: {@link #close()} closes it.
 */
final class FdFrameChannel {
    /** Most segments of a chained frame written with one {@code writev}. */
    static final int MAX_SEGMENTS = 16;
    /** An Ethernet header: the least a frame can be. */
    private static final int MIN_FRAME = 14;
    /** An Ethernet header plus one 802.1Q tag: what a frame may add to the MTU. */
    static final int LINK_OVERHEAD = 18;

    private static final long SLL_PKTTYPE = PacketSocketLayouts.SLL_PKTTYPE;
    private static final long SOCKADDR_LL_SIZE = PacketSocketLayouts.SOCKADDR_LL.byteSize();
    /** {@code struct iovec}: {@code iov_base}, {@code iov_len}. */
    private static final long IOVEC_SIZE = 16;

    private final String deviceName;
    private final int fd;
    private final Arena arena;
    private final MemorySegment callState;
    private final BufferPool pool;
    private final LinkStatistics statistics;
    private final int maxFrame;
    private final boolean packetSocket;
    private final long fromAddress;
    private final long fromLengthAddress;
    private final MemorySegment fromLength;
    private final MemorySegment from;
    private final MemorySegment iov;
    private final long iovAddress;

    private PacketBuffer spare;
    private long ignoredOutgoing;
    private int lastRxErrno;
    private int lastTxErrno;
    private boolean closed;

    /**
     * A channel over {@code fd} (already non-blocking), filling buffers from {@code pool} and counting in
     * {@code statistics}; frames above {@code mtu} + {@value #LINK_OVERHEAD} bytes are errors.
     */
    FdFrameChannel(String deviceName, int fd, BufferPool pool, LinkStatistics statistics, int mtu, boolean packetSocket) {
        this.deviceName = deviceName;
        this.fd = fd;
        this.pool = pool;
        this.statistics = statistics;
        this.maxFrame = mtu + LINK_OVERHEAD;
        this.packetSocket = packetSocket;
        this.arena = Arena.ofShared();
        this.callState = LibC.newCallState(arena);
        this.from = arena.allocate(PacketSocketLayouts.SOCKADDR_LL);
        this.fromLength = arena.allocate(JAVA_INT);
        this.fromAddress = from.address();
        this.fromLengthAddress = fromLength.address();
        this.iov = arena.allocate(IOVEC_SIZE * MAX_SEGMENTS, 8);
        this.iovAddress = iov.address();
    }

    /** Appends received frames to {@code into}; returns how many. */
    int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        int received = 0;
        long now = 0;
        while (!into.isFull()) {
            PacketBuffer buffer = spare;
            if (buffer == null) {
                buffer = pool.allocate();
                if (buffer == null) {
                    break; // the frames wait in the kernel's queue until buffers come back
                }
            } else {
                spare = null;
            }
            long address = buffer.segment().address() + buffer.end();
            int room = buffer.tailroom();
            long n;
            if (packetSocket) {
                fromLength.set(JAVA_INT, 0, (int) SOCKADDR_LL_SIZE);
                n = LibC.recvfrom(callState, fd, address, room, LibC.MSG_TRUNC, fromAddress, fromLengthAddress);
            } else {
                n = LibC.read(callState, fd, address, room);
            }
            if (n < 0) {
                spare = buffer;
                int errno = LibC.errno(callState);
                if (errno != LibC.EAGAIN && errno != LibC.EINTR) {
                    lastRxErrno = errno;
                    statistics.recordRxError();
                }
                break;
            }
            if (packetSocket && (from.get(JAVA_BYTE, SLL_PKTTYPE) & 0xFF) == LibC.PACKET_OUTGOING) {
                spare = buffer;
                ignoredOutgoing++;
                continue;
            }
            if (n < MIN_FRAME || n > maxFrame || n > room) {
                spare = buffer;
                statistics.recordRxError();
                if (n == 0) {
                    break; // end of file: nothing more will come this poll
                }
                continue;
            }
            buffer.append((int) n);
            if (received == 0) {
                now = System.nanoTime();
            }
            buffer.timestamp(now);
            statistics.recordRx((int) n);
            into.add(buffer);
            received++;
        }
        return received;
    }

    /** Writes and releases every frame of {@code from}; returns how many it took (all, unless closed). */
    int transmit(PacketBurst frames) {
        if (closed) {
            return 0;
        }
        int count = frames.count();
        for (int i = 0; i < count; i++) {
            PacketBuffer frame = frames.get(i);
            send(frame);
            frame.release();
        }
        frames.clear();
        return count;
    }

    private void send(PacketBuffer frame) {
        int length = frame.frameLength();
        if (length < MIN_FRAME || length > maxFrame) {
            statistics.recordTxError();
            return;
        }
        long written;
        if (frame.next() == null) {
            written = LibC.write(callState, fd, frame.segment().address() + frame.start(), length);
        } else {
            int segments = 0;
            for (PacketBuffer s = frame; s != null; s = s.next()) {
                if (segments == MAX_SEGMENTS) {
                    statistics.recordTxError();
                    return;
                }
                long at = segments * IOVEC_SIZE;
                iov.set(JAVA_LONG, at, s.segment().address() + s.start());
                iov.set(JAVA_LONG, at + 8, s.length());
                segments++;
            }
            written = LibC.writev(callState, fd, iovAddress, segments);
        }
        if (written == length) {
            statistics.recordTx(length);
        } else if (written < 0) {
            int errno = LibC.errno(callState);
            lastTxErrno = errno;
            if (errno == LibC.EAGAIN || errno == LibC.ENOBUFS || errno == LibC.EINTR) {
                statistics.recordTxDrop();
            } else {
                statistics.recordTxError();
            }
        } else {
            statistics.recordTxError(); // a short write: the frame went out cut, or not at all
        }
    }

    /** The descriptor (for set-up calls made by the device). */
    int fd() {
        return fd;
    }

    /** The errno capture segment (for set-up calls made on the device's thread). */
    MemorySegment callState() {
        return callState;
    }

    /** Frames skipped on receive because the host itself sent them. */
    long ignoredOutgoing() {
        return ignoredOutgoing;
    }

    /** The errno of the last receive failure other than EAGAIN, or 0. */
    int lastRxErrno() {
        return lastRxErrno;
    }

    /** The errno of the last transmit failure, or 0. */
    int lastTxErrno() {
        return lastTxErrno;
    }

    /** Releases the spare buffer and closes the descriptor. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (spare != null) {
            spare.release();
            spare = null;
        }
        LibC.close(callState, fd);
        arena.close();
    }

    @Override
    public String toString() {
        return deviceName + " fd " + fd;
    }
}
