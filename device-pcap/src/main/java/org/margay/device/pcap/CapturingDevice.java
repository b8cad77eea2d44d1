package org.margay.device.pcap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Objects;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;
import org.margay.pcap.LinkType;

/**
 * A device decorator that records every frame the stack above it receives and sends to a pcapng file, the way
 * tcpdump on the stack's own interface would: one Ethernet interface, one Enhanced Packet Block per frame with its
 * direction (inbound / outbound, as Wireshark shows it), in the order the stack saw them, stamped with the stack's
 * clock plus a fixed offset (to the Unix epoch for a system clock). Behind {@code --pcap FILE} of {@code margay serve}, {@code connect} and {@code demo}; Wireshark,
 * {@code tshark -r}, {@code tcpdump -r}, {@code margay decode} and {@code margay explain} open the file.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>A frame is recorded exactly once: received frames when the inner device hands them over, sent frames
 *       only once the inner device has taken them (a frame the device leaves in the burst is retried later and
 *       recorded then). {@link #framesIn()} + {@link #framesOut()} is the number of records written.</li>
 *   <li>Checksums in the file are the ones on the wire: the decorator reports the inner device's capabilities
 *       without transmit checksum offloads, so the stack fills every checksum itself while recording.</li>
 *   <li>Streaming and bounded: records go through a 256 KiB direct buffer to the file ({@link PcapngStream}),
 *       pushed out when full and at least once a second; nothing accumulates in memory. Per frame nothing is allocated (a chained frame is flattened into a scratch
 *       segment kept for the device's life). An I/O error stops the recording (kept in {@link #error()}), never
 *       the stack.</li>
 *   <li>The optional {@link FrameListener} sees each recorded frame right after it is written, with its frame
 *       number in the file: an event log can refer to frames by number.</li>
 * </ul>
 * Single-threaded, like every device. Closing closes the inner device, then flushes and closes the file.
 */
public final class CapturingDevice extends ForwardingDevice {
    /** Sees every frame as it is recorded (cold-path observers such as an event log; must not keep the segment). */
    @FunctionalInterface
    public interface FrameListener {
        /**
         * @param frame    the frame's number in the file, from 1
         * @param outbound whether the stack sent it (false: received)
         * @param nanos    the stack clock's time of the frame (before the epoch offset)
         * @param data     the frame's bytes, valid only during the call
         * @param offset   where the frame starts in {@code data}
         * @param length   the frame's length
         */
        void onFrame(long frame, boolean outbound, long nanos, MemorySegment data, long offset, int length);
    }

    /** How often buffered records are pushed to the file, on the stack's clock: a reader tailing it lags by this. */
    private static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;
    /** The snapshot length the file declares (tcpdump's default); frames are never cut. */
    private static final int SNAP_LENGTH = 262_144;

    private final Path file;
    private final PcapngStream writer;
    private final Clock clock;
    private final long epochOffsetNanos;
    private final FrameListener listener;
    private final Arena arena = Arena.ofShared();
    private MemorySegment scratch;
    private PacketBuffer[] taking = new PacketBuffer[64];
    private long framesIn;
    private long framesOut;
    private long bytes;
    private long flushedAt = Long.MIN_VALUE;
    private String error;
    private boolean closed;

    /**
     * Records what passes through {@code inner} to {@code file} (created or truncated), stamping each frame with
     * {@code clock.nanoTime() + epochOffsetNanos}; {@code listener} may be null.
     *
     * @throws IOException when the file cannot be created
     */
    public CapturingDevice(NetworkDevice inner, Path file, Clock clock, long epochOffsetNanos, FrameListener listener)
            throws IOException {
        super(inner);
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.epochOffsetNanos = epochOffsetNanos;
        this.listener = listener;
        this.writer = PcapngStream.create(file, LinkType.ETHERNET.value(), SNAP_LENGTH);
        this.scratch = arena.allocate(Math.max(2048, inner.mtu() + 64));
    }

    /**
     * The offset that turns {@code clock}'s readings into Unix-epoch nanoseconds when the clock is the machine's
     * monotonic clock: read both now. For a virtual clock pass 0 instead (its time is its own).
     */
    public static long epochOffsetOf(Clock clock) {
        return System.currentTimeMillis() * 1_000_000L - clock.nanoTime();
    }

    @Override
    public int receive(PacketBurst into) {
        int before = into.count();
        int n = inner.receive(into);
        if (!closed) {
            for (int i = before; i < before + n; i++) {
                record(false, into.get(i));
            }
        }
        return n;
    }

    @Override
    public int transmit(PacketBurst from) {
        int count = from.count();
        if (closed || count == 0) {
            return inner.transmit(from);
        }
        if (taking.length < count) {
            taking = new PacketBuffer[Math.max(count, taking.length * 2)]; // grows to the burst size once
        }
        for (int i = 0; i < count; i++) {
            taking[i] = from.get(i).retain(); // kept readable until recorded, whatever the device does with it
        }
        try {
            return inner.transmit(from);
        } finally {
            // ... but only what the device took was sent (the burst shrank by that many): the rest stays with the
            // caller and is recorded when it is retried.
            int taken = count - from.count();
            for (int i = 0; i < count; i++) {
                PacketBuffer frame = taking[i];
                taking[i] = null;
                if (i < taken) {
                    record(true, frame);
                }
                frame.release();
            }
        }
    }

    @Override
    public DeviceCapabilities capabilities() {
        DeviceCapabilities c = inner.capabilities();
        // The stack computes outgoing checksums itself, so the file shows them as the wire carries them.
        return new DeviceCapabilities(c.rxIpv4Checksum(), c.rxTcpChecksum(), c.rxUdpChecksum(), false, false, false);
    }

    private void record(boolean outbound, PacketBuffer frame) {
        if (error != null) {
            return;
        }
        MemorySegment data;
        long offset;
        int length;
        if (frame.next() == null) {
            data = frame.segment();
            offset = frame.start();
            length = frame.length();
        } else {
            length = frame.frameLength();
            if (scratch.byteSize() < length) {
                scratch = arena.allocate(length); // a larger chained frame than ever before: once per new maximum
            }
            frame.copyTo(scratch, 0);
            data = scratch;
            offset = 0;
        }
        long nanos = clock.nanoTime();
        try {
            writer.write(nanos + epochOffsetNanos, data, offset, length,
                    outbound ? PcapngStream.OUTBOUND : PcapngStream.INBOUND);
        } catch (IOException | RuntimeException e) {
            error = "recording to " + file + " failed: " + e.getMessage();
            return;
        }
        if (nanos - flushedAt >= FLUSH_INTERVAL_NANOS || flushedAt == Long.MIN_VALUE) {
            flushedAt = nanos;
            flush(); // at most once a second: a long-running stack's file stays readable up to the last second
        }
        long number;
        if (outbound) {
            number = framesIn + ++framesOut;
        } else {
            number = ++framesIn + framesOut;
        }
        bytes += length;
        if (listener != null) {
            listener.onFrame(number, outbound, nanos, data, offset, length);
        }
    }

    /** Frames received and recorded. */
    public long framesIn() {
        return framesIn;
    }

    /** Frames sent and recorded. */
    public long framesOut() {
        return framesOut;
    }

    /** Bytes of frame data recorded. */
    public long bytesRecorded() {
        return bytes;
    }

    /** The capture file. */
    public Path file() {
        return file;
    }

    /** Why recording stopped early, or null while it works. */
    public String error() {
        return error;
    }

    /** Pushes what is buffered to the file, so that a reader sees every frame recorded so far. */
    public void flush() {
        if (closed || error != null) {
            return;
        }
        try {
            writer.flush();
        } catch (IOException e) {
            error = "recording to " + file + " failed: " + e.getMessage();
        }
    }

    /** Closes the inner device, then flushes and closes the file. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            inner.close();
        } finally {
            try {
                writer.close();
            } catch (IOException e) {
                if (error == null) {
                    error = "closing " + file + " failed: " + e.getMessage();
                }
            } finally {
                arena.close();
            }
        }
    }

    @Override
    public String toString() {
        return "CapturingDevice[" + inner.name() + " -> " + file + "]";
    }
}
