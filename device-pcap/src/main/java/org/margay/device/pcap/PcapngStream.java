package org.margay.device.pcap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pcapng file written frame by frame with nothing allocated per frame: one Section Header Block, one Interface
 * Description Block (nanosecond timestamps), then one Enhanced Packet Block per frame carrying the frame's direction
 * in an {@code epb_flags} option, so Wireshark shows "Inbound" / "Outbound". Little-endian, through a direct buffer
 * drained to the file when full (streaming: memory stays at the buffer's size).
 *
 * <p>Why not {@code pcap-fixtures}' {@code CaptureWriter}: it takes each record as a segment of exactly the record's
 * size (a slice per frame) and writes no options; live capture sits under a running stack and must not allocate
 * per frame. The block layouts are those of draft-ietf-opsawg-pcapng (cited per block). Single-threaded.
 */
final class PcapngStream implements AutoCloseable {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int SHB = 0x0A0D_0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B_3C4D;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private static final int IF_TSRESOL = 9;
    private static final int EPB_FLAGS = 2;
    /** epb_flags bits 0-1: the direction (draft-ietf-opsawg-pcapng §4.3.1). */
    static final int INBOUND = 0b01;
    static final int OUTBOUND = 0b10;
    private static final int BUFFER = 256 * 1024;
    /** EPB bytes besides the padded data: header 28, epb_flags option 8, end of options 4, trailer 4. */
    private static final int EPB_OVERHEAD = 44;

    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private MemorySegment segment = MemorySegment.ofBuffer(buffer);
    private int position;
    private boolean closed;

    private PcapngStream(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates (or truncates) {@code file} and writes the section and interface headers for {@code linkType}. */
    static PcapngStream create(Path file, int linkType, int snapLength) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        PcapngStream s = new PcapngStream(channel);
        MemorySegment b = s.segment;
        // §4.1 Section Header Block: version 1.0, section length -1 (not given).
        s.put32(0, SHB);
        s.put32(4, 28);
        s.put32(8, BYTE_ORDER_MAGIC);
        b.set(U16, 12, (short) 1);
        b.set(U16, 14, (short) 0);
        s.put32(16, -1);
        s.put32(20, -1);
        s.put32(24, 28);
        // §4.2 Interface Description Block with if_tsresol = 9 (nanoseconds).
        s.put32(28, IDB);
        s.put32(32, 32);
        b.set(U16, 36, (short) linkType);
        b.set(U16, 38, (short) 0);
        s.put32(40, snapLength);
        b.set(U16, 44, (short) IF_TSRESOL);
        b.set(U16, 46, (short) 1);
        s.put32(48, 0);
        b.set(ValueLayout.JAVA_BYTE, 48, (byte) 9);
        s.put32(52, 0); // opt_endofopt
        s.put32(56, 32);
        s.position = 60;
        return s;
    }

    /**
     * Appends one frame: {@code length} bytes of {@code data} from {@code offset}, stamped {@code nanos} since the
     * epoch (clamped at 0), with direction {@link #INBOUND} or {@link #OUTBOUND}.
     */
    void write(long nanos, MemorySegment data, long offset, int length, int direction) throws IOException {
        int padded = (length + 3) & ~3;
        int size = EPB_OVERHEAD + padded;
        if (buffer.capacity() - position < size) {
            drain();
            if (buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect(size); // a frame larger than the buffer: once per new maximum
                segment = MemorySegment.ofBuffer(buffer);
            }
        }
        long ticks = Math.max(0, nanos);
        int p = position;
        // §4.3 Enhanced Packet Block: interface 0, 64-bit timestamp in if_tsresol units, lengths, data padded to 4.
        put32(p, EPB);
        put32(p + 4, size);
        put32(p + 8, 0);
        put32(p + 12, (int) (ticks >>> 32));
        put32(p + 16, (int) ticks);
        put32(p + 20, length);
        put32(p + 24, length);
        MemorySegment.copy(data, offset, segment, p + 28, length);
        for (int i = p + 28 + length; i < p + 28 + padded; i++) {
            segment.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
        }
        int o = p + 28 + padded;
        segment.set(U16, o, (short) EPB_FLAGS);
        segment.set(U16, o + 2, (short) 4);
        put32(o + 4, direction);
        put32(o + 8, 0); // opt_endofopt
        put32(o + 12, size);
        position = p + size;
    }

    private void put32(int at, int value) {
        segment.set(U32, at, value);
    }

    private void drain() throws IOException {
        buffer.clear().limit(position);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        position = 0;
    }

    /** Writes what is buffered to the file. */
    void flush() throws IOException {
        if (!closed) {
            drain();
        }
    }

    /** Flushes and closes the file; idempotent. */
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
