package org.margay.device.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;
import org.margay.pcap.CaptureReader;
import org.margay.pcap.CaptureWriter;
import org.margay.pcap.LinkType;

/**
 * A capture file as a link: {@link #receive} hands the stack (or appliance) the capture's Ethernet frames,
 * and {@link #transmit} records what the stack sends to a pcapng file (and drops it: nothing answers).
 * For replaying production traffic into an appliance, or a recorded conversation into a stack, in tests.
 *
 * <h2>Pacing</h2>
 * {@link Pacing#AS_FAST_AS_POSSIBLE} releases frames as fast as the stack polls; {@link Pacing#CAPTURE_TIME}
 * keeps the capture's gaps, measured on the device's {@link Clock} from the first receive. With a virtual clock
 * the driver advances the clock to {@link #nextReleaseNanos()}.
 *
 * <h2>What is not replayed</h2>
 * Records of a link type other than Ethernet, and records cut short by the capture's snapshot length, are
 * skipped and counted ({@link #skippedRecords()}, {@link #truncatedRecords()}); a frame larger than a pool
 * buffer is counted as an rx error. A malformed capture file ends the replay with the reader's error kept in
 * {@link #error()}; it never throws from {@code receive}.
 *
 * <p>The device's MAC and MTU are configuration: give the stack the MAC and address the captured traffic
 * is addressed to, or run it promiscuous. Single-threaded.
 */
public final class PcapReplayDevice implements NetworkDevice {
    private final String name;
    private final Path input;
    private final CaptureReader reader;
    private final CaptureWriter writer;
    private final int writerInterface;
    private final boolean recordInbound;
    private final int inboundInterface;
    private final BufferPool pool;
    private final boolean ownsPool;
    private final Clock clock;
    private final Pacing pacing;
    private final long mac;
    private final int mtu;
    private final long inputBytes;
    private final LinkStatistics statistics = new LinkStatistics();
    private boolean pending;
    private boolean ended;
    private long firstCaptureNanos = Long.MIN_VALUE;
    private long firstClockNanos;
    private long skipped;
    private long truncated;
    private long recorded;
    private String error;
    private boolean closed;

    private PcapReplayDevice(Builder b) throws IOException {
        this.name = b.name;
        this.input = b.input;
        this.reader = CaptureReader.open(b.input);
        this.inputBytes = Files.size(b.input);
        this.clock = b.clock;
        this.pacing = b.pacing;
        this.mac = b.mac;
        this.mtu = b.mtu;
        this.recordInbound = b.recordInbound;
        if (b.pool != null) {
            this.pool = b.pool;
            this.ownsPool = false;
        } else {
            this.pool = new ArenaBufferPool(name, 1024, 2048 + 128, 128, false);
            this.ownsPool = true;
        }
        if (b.output != null) {
            this.writer = CaptureWriter.pcapng(b.output);
            this.writerInterface = writer.addInterface(LinkType.ETHERNET.value(), CaptureWriter.DEFAULT_SNAP_LENGTH);
            this.inboundInterface = recordInbound ? writer.addInterface(LinkType.ETHERNET.value(), CaptureWriter.DEFAULT_SNAP_LENGTH) : -1;
        } else {
            this.writer = null;
            this.writerInterface = -1;
            this.inboundInterface = -1;
        }
    }

    /** A builder replaying {@code input} (pcap or pcapng). */
    public static Builder builder(Path input) {
        return new Builder(input);
    }

    // ------------------------------------------------------------------ NetworkDevice

    @Override
    public int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        int added = 0;
        while (into.freeSpace() > 0 && advanceToEthernet()) {
            if (pacing == Pacing.CAPTURE_TIME && clock.nanoTime() < releaseTime()) {
                break;
            }
            PacketBuffer frame = pool.allocate();
            if (frame == null) {
                statistics.recordRxDrop();
                break;   // retry at the next poll: the stack still holds buffers
            }
            int length = reader.capturedLength();
            if (length > frame.tailroom()) {
                frame.release();
                statistics.recordRxError();
                pending = false;
                continue;
            }
            frame.append(length);
            MemorySegment.copy(reader.buffer(), reader.dataOffset(), frame.segment(), frame.start(), length);
            frame.timestamp(clock.nanoTime());
            if (recordInbound && writer != null) {
                record(inboundInterface, frame.segment(), frame.start(), length);
            }
            pending = false;
            statistics.recordRx(length);
            into.add(frame);
            added++;
        }
        return added;
    }

    @Override
    public int transmit(PacketBurst from) {
        int n = from.count();
        for (int i = 0; i < n; i++) {
            PacketBuffer frame = from.get(i);
            if (writer != null && !closed) {
                if (frame.next() == null) {
                    record(writerInterface, frame.segment(), frame.start(), frame.length());
                } else {
                    byte[] copy = new byte[frame.frameLength()];
                    frame.copyTo(MemorySegment.ofArray(copy), 0);
                    record(writerInterface, MemorySegment.ofArray(copy), 0, copy.length);
                }
            }
            statistics.recordTx(frame.frameLength());
            frame.release();
        }
        from.removeFirst(n);
        return n;
    }

    @Override
    public BufferPool pool() {
        return pool;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    @Override
    public LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing replay of " + input, e);
        } finally {
            if (ownsPool) {
                pool.close();
            }
        }
    }

    // ------------------------------------------------------------------ replay state

    /**
     * When the next frame is due on the device's clock: now (or earlier) when one is ready,
     * {@link Long#MAX_VALUE} when the capture is exhausted. A virtual-clock driver jumps there when idle.
     */
    public long nextReleaseNanos() {
        if (!advanceToEthernet()) {
            return Long.MAX_VALUE;
        }
        return pacing == Pacing.CAPTURE_TIME ? releaseTime() : clock.nanoTime();
    }

    /** Whether every frame of the capture has been handed out (or the file ended in an error). */
    public boolean finished() {
        return !advanceToEthernet();
    }

    /** How far through the input file the replay is, 0.0–1.0 (for progress bars). */
    public double progress() {
        if (inputBytes == 0) {
            return 1.0;
        }
        return ended ? 1.0 : Math.min(1.0, (double) reader.recordOffset() / inputBytes);
    }

    /** Records read from the capture (all link types). */
    public long recordsRead() {
        return reader.recordCount();
    }

    /** Records skipped for not being Ethernet. */
    public long skippedRecords() {
        return skipped;
    }

    /** Ethernet records skipped because the capture cut them short (snapshot length). */
    public long truncatedRecords() {
        return truncated;
    }

    /** Frames written to the output capture. */
    public long recordedFrames() {
        return recorded;
    }

    /** The error that ended the replay early (a malformed capture), or null. */
    public String error() {
        return error;
    }

    // ------------------------------------------------------------------ internals

    private long releaseTime() {
        long captured = reader.timestampSeconds() * 1_000_000_000L + reader.timestampNanos();
        if (firstCaptureNanos == Long.MIN_VALUE) {
            firstCaptureNanos = captured;
            firstClockNanos = clock.nanoTime();
        }
        return firstClockNanos + Math.max(0, captured - firstCaptureNanos);
    }

    /** Makes sure a replayable Ethernet record is current; false at the end of the capture. */
    private boolean advanceToEthernet() {
        while (!pending) {
            if (ended) {
                return false;
            }
            try {
                if (!reader.next()) {
                    ended = true;
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                ended = true;
                error = e.getMessage();
                return false;
            }
            if (reader.link() != LinkType.ETHERNET) {
                skipped++;
                continue;
            }
            if (reader.capturedLength() < reader.originalLength()) {
                truncated++;
                continue;
            }
            pending = true;
        }
        return true;
    }

    private void record(int iface, MemorySegment data, long offset, int length) {
        long now = clock.nanoTime();
        try {
            writer.write(iface, Math.floorDiv(now, 1_000_000_000L), (int) Math.floorMod(now, 1_000_000_000L),
                    data.asSlice(offset, length));
            recorded++;
        } catch (IOException e) {
            throw new UncheckedIOException("recording to the output capture failed", e);
        }
    }

    @Override
    public String toString() {
        return "PcapReplayDevice[" + input + ", " + pacing + "]";
    }

    /** Configuration of a {@link PcapReplayDevice}. */
    public static final class Builder {
        private final Path input;
        private Path output;
        private String name = "pcap";
        private Clock clock;
        private Pacing pacing = Pacing.AS_FAST_AS_POSSIBLE;
        private long mac = 0x02_6d_67_00_00_01L;
        private int mtu = 1500;
        private BufferPool pool;
        private boolean recordInbound;

        private Builder(Path input) {
            this.input = Objects.requireNonNull(input, "input");
        }

        /** Where to record what the stack transmits (pcapng); none by default. */
        public Builder output(Path output) {
            this.output = output;
            return this;
        }

        /** Also record the replayed frames in the output, as a second interface. */
        public Builder recordInbound(boolean yes) {
            this.recordInbound = yes;
            return this;
        }

        /** The device's name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The clock for pacing and output timestamps (required). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** When frames are released. */
        public Builder pacing(Pacing pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        /** The MAC the device reports (the stack answers to it). */
        public Builder mac(long mac) {
            this.mac = mac;
            return this;
        }

        /** The MTU the device reports. */
        public Builder mtu(int mtu) {
            if (mtu < 68 || mtu > 65535) {
                throw new IllegalArgumentException("MTU must be 68..65535: " + mtu);
            }
            this.mtu = mtu;
            return this;
        }

        /** A pool to copy frames into (default: a private pool of 1024 × 2176 bytes). */
        public Builder pool(BufferPool pool) {
            this.pool = pool;
            return this;
        }

        /**
         * Opens the input (and creates the output).
         *
         * @throws IOException when the input cannot be read or is not a capture
         */
        public PcapReplayDevice open() throws IOException {
            if (clock == null) {
                throw new IllegalStateException("a replay device needs a clock (virtual for tests, system for --realtime)");
            }
            return new PcapReplayDevice(this);
        }
    }
}
