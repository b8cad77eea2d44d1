package org.margay.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes packet records as pcapng (the default) or classic pcap.
 *
 * <p>pcapng output: one Section Header Block, then one Interface Description Block per interface (written
 * when the interface is added, with {@code if_tsresol} 9, i.e. nanoseconds, unless asked otherwise), then one
 * Enhanced Packet Block per record, its data padded with zeros to 4 bytes. Classic pcap output: the 24-byte
 * header (version 2.4, magic a1b2c3d4 for microseconds or a1b23c4d for nanoseconds), then a 16-byte header
 * per record. Both in the byte order given (little-endian by default).
 *
 * <p>Invariants: records are buffered and written in order; {@link #flush()} pushes them to the channel;
 * {@link #close()} flushes and closes it. Misuse (unknown interface, negative or unrepresentable timestamp,
 * original length shorter than the data) throws {@link IllegalArgumentException} and writes nothing.
 * Not thread-safe.
 */
public final class CaptureWriter implements AutoCloseable {
    /** Snapshot length written when none is given: what tcpdump uses by default. */
    public static final int DEFAULT_SNAP_LENGTH = 262_144;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private final WritableByteChannel channel;
    private final CaptureFormat format;
    private final TimestampResolution resolution;
    private final ValueLayout.OfShort u16;
    private final ValueLayout.OfInt u32;
    private final List<Integer> interfaceLinkTypes = new ArrayList<>();
    private final List<Long> interfaceSnapLengths = new ArrayList<>();
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private MemorySegment bufferSegment = MemorySegment.ofBuffer(buffer);
    private boolean closed;

    private CaptureWriter(WritableByteChannel channel, CaptureFormat format, TimestampResolution resolution,
                          ByteOrder order) {
        this.channel = channel;
        this.format = format;
        this.resolution = resolution;
        this.u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        this.u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
    }

    /** A pcapng writer to a new (or truncated) file; nanosecond timestamps, little-endian. */
    public static CaptureWriter pcapng(Path path) throws IOException {
        return pcapng(openFile(path));
    }

    /** A pcapng writer to a stream; closing the writer closes the stream. */
    public static CaptureWriter pcapng(OutputStream out) throws IOException {
        return pcapng(Channels.newChannel(out));
    }

    /** A pcapng writer to a channel; closing the writer closes the channel. */
    public static CaptureWriter pcapng(WritableByteChannel channel) throws IOException {
        return pcapng(channel, TimestampResolution.NANOSECONDS, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A pcapng writer with the given {@code if_tsresol} for every interface and byte order. Writes the Section
     * Header Block now (draft-ietf-opsawg-pcapng §4.1: version 1.0, section length -1 = not given).
     */
    public static CaptureWriter pcapng(WritableByteChannel channel, TimestampResolution resolution, ByteOrder order)
            throws IOException {
        CaptureWriter writer = new CaptureWriter(channel, CaptureFormat.PCAPNG, resolution, order);
        MemorySegment b = writer.reserve(28);
        int p = writer.buffer.position();
        writer.put32(b, p, PcapngBlocks.SHB_TYPE);
        writer.put32(b, p + 4, 28);
        writer.put32(b, p + 8, PcapngBlocks.BYTE_ORDER_MAGIC);
        writer.put16(b, p + 12, 1);
        writer.put16(b, p + 14, 0);
        writer.put32(b, p + 16, -1);
        writer.put32(b, p + 20, -1);
        writer.put32(b, p + 24, 28);
        writer.buffer.position(p + 28);
        return writer;
    }

    /** A classic pcap writer to a new (or truncated) file, little-endian. */
    public static CaptureWriter pcap(Path path, int linkType, TimestampResolution resolution) throws IOException {
        return pcap(openFile(path), linkType, DEFAULT_SNAP_LENGTH, resolution, ByteOrder.LITTLE_ENDIAN);
    }

    /** A classic pcap writer to a stream, little-endian; closing the writer closes the stream. */
    public static CaptureWriter pcap(OutputStream out, int linkType, TimestampResolution resolution)
            throws IOException {
        return pcap(Channels.newChannel(out), linkType, DEFAULT_SNAP_LENGTH, resolution, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A classic pcap writer; writes the file header now (draft-ietf-opsawg-pcap §4: version 2.4, thiszone 0,
     * sigfigs 0). The file has exactly one interface, index 0, of {@code linkType}.
     */
    public static CaptureWriter pcap(WritableByteChannel channel, int linkType, long snapLength,
                                     TimestampResolution resolution, ByteOrder order) throws IOException {
        checkU32(snapLength, "snap length");
        if (linkType < 0 || linkType > 0xFFFF) {
            throw new IllegalArgumentException("link type out of range: " + linkType);
        }
        CaptureWriter writer = new CaptureWriter(channel, CaptureFormat.PCAP, resolution, order);
        MemorySegment b = writer.reserve(24);
        int p = writer.buffer.position();
        writer.put32(b, p, resolution == TimestampResolution.NANOSECONDS
                ? PcapRecords.MAGIC_NANOS : PcapRecords.MAGIC_MICROS);
        writer.put16(b, p + 4, PcapRecords.VERSION_MAJOR);
        writer.put16(b, p + 6, PcapRecords.VERSION_MINOR_MAX);
        writer.put32(b, p + 8, 0);
        writer.put32(b, p + 12, 0);
        writer.put32(b, p + 16, (int) snapLength);
        writer.put32(b, p + 20, linkType);
        writer.buffer.position(p + 24);
        writer.interfaceLinkTypes.add(linkType);
        writer.interfaceSnapLengths.add(snapLength);
        return writer;
    }

    private static WritableByteChannel openFile(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The format being written. */
    public CaptureFormat format() {
        return format;
    }

    /**
     * Adds an interface (pcapng: writes its IDB, draft-ietf-opsawg-pcapng §4.2) and returns its index. Classic
     * pcap has exactly one interface: this returns 0 if the link type matches the file's, and fails otherwise.
     */
    public int addInterface(int linkType, long snapLength) throws IOException {
        ensureOpen();
        if (linkType < 0 || linkType > 0xFFFF) {
            throw new IllegalArgumentException("link type out of range: " + linkType);
        }
        checkU32(snapLength, "snap length");
        if (format == CaptureFormat.PCAP) {
            if (interfaceLinkTypes.get(0) != linkType) {
                throw new IllegalArgumentException("a classic pcap file has one link type ("
                        + LinkType.describe(interfaceLinkTypes.get(0)) + "), not " + LinkType.describe(linkType));
            }
            return 0;
        }
        // Header 8 + fixed 8 + if_tsresol option 8 + opt_endofopt 4 + trailer 4.
        int length = 32;
        MemorySegment b = reserve(length);
        int p = buffer.position();
        put32(b, p, PcapngBlocks.IDB_TYPE);
        put32(b, p + 4, length);
        put16(b, p + 8, linkType);
        put16(b, p + 10, 0);
        put32(b, p + 12, (int) snapLength);
        put16(b, p + 16, PcapngBlocks.IF_TSRESOL);
        put16(b, p + 18, 1);
        put32(b, p + 20, 0);
        b.set(ValueLayout.JAVA_BYTE, p + 20, (byte) resolution.decimalDigits());
        put32(b, p + 24, PcapngBlocks.OPTION_END);
        put32(b, p + 28, length);
        buffer.position(p + length);
        interfaceLinkTypes.add(linkType);
        interfaceSnapLengths.add(snapLength);
        return interfaceLinkTypes.size() - 1;
    }

    /** The first interface with this link type, added (with the default snap length) if there is none yet. */
    public int interfaceFor(int linkType) throws IOException {
        int index = interfaceLinkTypes.indexOf(linkType);
        return index >= 0 ? index : addInterface(linkType, DEFAULT_SNAP_LENGTH);
    }

    /** Writes a record whose original length equals its captured length. */
    public void write(int interfaceIndex, long seconds, int nanos, MemorySegment data) throws IOException {
        write(interfaceIndex, seconds, nanos, data, data.byteSize());
    }

    /**
     * Writes one packet record.
     *
     * @param interfaceIndex an index returned by {@link #addInterface}/{@link #interfaceFor} (0 for pcap)
     * @param seconds epoch seconds, 0 to 2^32-1 for classic pcap
     * @param nanos 0 to 999,999,999; truncated to microseconds at microsecond resolution
     * @param data the captured bytes (at most 2^32-1)
     * @param originalLength length on the wire, at least {@code data.byteSize()}, at most 2^32-1
     */
    public void write(int interfaceIndex, long seconds, int nanos, MemorySegment data, long originalLength)
            throws IOException {
        ensureOpen();
        if (interfaceIndex < 0 || interfaceIndex >= interfaceLinkTypes.size()) {
            throw new IllegalArgumentException("undefined interface " + interfaceIndex + " (defined: "
                    + interfaceLinkTypes.size() + ")");
        }
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        long captured = data.byteSize();
        if (captured > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("captured length too large: " + captured);
        }
        checkU32(originalLength, "original length");
        if (captured > originalLength) {
            throw new IllegalArgumentException("captured length " + captured + " > original length " + originalLength);
        }
        int fraction = resolution == TimestampResolution.NANOSECONDS ? nanos : nanos / 1000;
        if (format == CaptureFormat.PCAP) {
            checkU32(seconds, "seconds");
            writePcapRecord(seconds, fraction, data, originalLength);
        } else {
            long unitsPerSecond = resolution == TimestampResolution.NANOSECONDS ? 1_000_000_000L : 1_000_000L;
            if (seconds < 0 || Long.compareUnsigned(seconds, Long.divideUnsigned(-1L, unitsPerSecond) - 1) > 0) {
                throw new IllegalArgumentException("seconds not representable in 64-bit ticks: " + seconds);
            }
            writeEnhancedPacket(interfaceIndex, seconds * unitsPerSecond + fraction, data, originalLength);
        }
    }

    private void writePcapRecord(long seconds, int fraction, MemorySegment data, long originalLength)
            throws IOException {
        int captured = (int) data.byteSize();
        MemorySegment b = reserve(16 + captured);
        int p = buffer.position();
        put32(b, p, (int) seconds);
        put32(b, p + 4, fraction);
        put32(b, p + 8, captured);
        put32(b, p + 12, (int) originalLength);
        MemorySegment.copy(data, 0, b, p + 16, captured);
        buffer.position(p + 16 + captured);
    }

    private void writeEnhancedPacket(int interfaceIndex, long ticks, MemorySegment data, long originalLength)
            throws IOException {
        int captured = (int) data.byteSize();
        int padded = (captured + 3) & ~3;
        // draft-ietf-opsawg-pcapng §4.3: header 8, interface 4, timestamp 8, lengths 8, data padded, trailer 4.
        int length = 32 + padded;
        MemorySegment b = reserve(length);
        int p = buffer.position();
        put32(b, p, PcapngBlocks.EPB_TYPE);
        put32(b, p + 4, length);
        put32(b, p + 8, interfaceIndex);
        put32(b, p + 12, (int) (ticks >>> 32));
        put32(b, p + 16, (int) ticks);
        put32(b, p + 20, captured);
        put32(b, p + 24, (int) originalLength);
        MemorySegment.copy(data, 0, b, p + 28, captured);
        b.asSlice(p + 28 + captured, padded - captured).fill((byte) 0);
        put32(b, p + 28 + padded, length);
        buffer.position(p + length);
    }

    /** Makes room for {@code n} bytes at the buffer position, flushing or growing; returns the buffer's segment. */
    private MemorySegment reserve(int n) throws IOException {
        if (n > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("record too large: " + n + " bytes");
        }
        if (buffer.remaining() < n) {
            drain();
            if (buffer.capacity() < n) {
                buffer = ByteBuffer.allocate(n);
                bufferSegment = MemorySegment.ofBuffer(buffer);
            }
        }
        return bufferSegment;
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void put16(MemorySegment b, int p, int value) {
        b.set(u16, p, (short) value);
    }

    private void put32(MemorySegment b, int p, int value) {
        b.set(u32, p, value);
    }

    private static void checkU32(long value, String what) {
        if (value < 0 || value > MAX_U32) {
            throw new IllegalArgumentException(what + " out of the unsigned 32-bit range: " + value);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
    }

    /** Writes everything buffered to the channel (and so to the stream or file). */
    public void flush() throws IOException {
        ensureOpen();
        drain();
    }

    /** Flushes and closes the channel; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            drain();
        } finally {
            closed = true;
            channel.close();
        }
    }
}
