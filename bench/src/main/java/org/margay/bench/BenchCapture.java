package org.margay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The benchmark capture, found or made, and held in memory for the benchmarks that leave file I/O out.
 *
 * <p>The file is the one named by the system property {@value #CAPTURE_PROPERTY} (the runner sets it, so that
 * JMH and tshark read the same bytes), or else a {@link SmallTcpCapture} of {@link SmallTcpCapture#PACKETS}
 * packets written to a temporary file that is deleted on {@link #close()}.
 *
 * <p>{@link #bytes()} is an off-heap copy of the file, a classic pcap in little-endian order with µs timestamps
 * (as {@link SmallTcpCapture} writes); {@link #capturedLength(long)} and {@link #next(long)} walk its records in
 * place, so that a benchmark can read the packets of an in-memory capture without a reader. Invariant: the file
 * holds exactly {@link SmallTcpCapture#PACKETS} well-formed records, or {@link #open()} throws (the benchmarks'
 * {@code @OperationsPerInvocation} depends on it).
 */
public final class BenchCapture implements AutoCloseable {
    /** System property naming the capture file to use. */
    public static final String CAPTURE_PROPERTY = "margay.bench.capture";
    /** Classic pcap file header length (draft-ietf-opsawg-pcap §4). */
    static final int FILE_HEADER = 24;
    /** Classic pcap record header length: seconds, fraction, captured length, original length. */
    static final int RECORD_HEADER = 16;

    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final boolean temporary;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment bytes;
    private final int linkType;

    /** Finds or makes the capture and loads it (see the class comment). */
    public static BenchCapture open() {
        try {
            String named = System.getProperty(CAPTURE_PROPERTY);
            if (named != null && !named.isBlank()) {
                return new BenchCapture(Path.of(named), false);
            }
            Path file = Files.createTempFile("margay-bench-", ".pcap");
            SmallTcpCapture.write(file, SmallTcpCapture.PACKETS, SmallTcpCapture.SEED);
            return new BenchCapture(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BenchCapture(Path path, boolean temporary) throws IOException {
        this.path = path;
        this.temporary = temporary;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            bytes = arena.allocate(size, 64);
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            bytes.copyFrom(mapped);
        }
        if (bytes.byteSize() < FILE_HEADER || bytes.get(LE32, 0) != 0xa1b2c3d4) {
            throw new IOException(path + ": not a little-endian microsecond pcap file");
        }
        linkType = bytes.get(LE32, 20);
        long at = FILE_HEADER;
        int count = 0;
        while (at + RECORD_HEADER <= bytes.byteSize()) {
            int captured = bytes.get(LE32, at + 8);
            if (count == SmallTcpCapture.PACKETS || captured < 0 || at + RECORD_HEADER + captured > bytes.byteSize()) {
                throw new IOException(path + ": expected exactly " + SmallTcpCapture.PACKETS
                        + " well-formed records; record " + (count + 1) + " at byte " + at + " breaks that");
            }
            count++;
            at += RECORD_HEADER + captured;
        }
        if (count != SmallTcpCapture.PACKETS) {
            throw new IOException(path + ": " + count + " records, the benchmarks need " + SmallTcpCapture.PACKETS);
        }
    }

    /** The capture file. */
    public Path path() {
        return path;
    }

    /** The whole file, off-heap. */
    public MemorySegment bytes() {
        return bytes;
    }

    /** The file's link type (1, Ethernet, for the standard capture). */
    public int linkType() {
        return linkType;
    }

    /** The offset of the first record header in {@link #bytes()}. */
    public static long firstRecord() {
        return FILE_HEADER;
    }

    /** The captured length of the record whose header is at {@code record}. */
    public int capturedLength(long record) {
        return bytes.get(LE32, record + 8);
    }

    /** The original (wire) length of the record whose header is at {@code record}. */
    public int originalLength(long record) {
        return bytes.get(LE32, record + 12);
    }

    /** The offset of the packet bytes of the record whose header is at {@code record}. */
    public static long packetOffset(long record) {
        return record + RECORD_HEADER;
    }

    /** The offset of the record after the one at {@code record}. */
    public long next(long record) {
        return record + RECORD_HEADER + capturedLength(record);
    }

    @Override
    public void close() {
        arena.close();
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
