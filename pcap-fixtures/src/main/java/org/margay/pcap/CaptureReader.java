package org.margay.pcap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the packet records of a classic pcap or pcapng capture, detecting the format from the magic number.
 *
 * <p>Use: {@code while (reader.next()) { ... reader.data() ... }}. {@link #next()} allocates nothing: the
 * current record is read through the accessors, and its bytes sit in one reusable buffer
 * ({@link #buffer()} at {@link #dataOffset()}, or the slice {@link #data()}) that stays valid only until the
 * next call to {@link #next()} or {@link #close()}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Memory is bounded: the buffer grows only to hold the largest record seen and never beyond
 *       {@code maxRecordBytes} plus a small margin; a record (or pcapng packet block) larger than that is a
 *       {@link CaptureFormatException}, not an allocation.</li>
 *   <li>Malformed or truncated input ends the stream with a {@link CaptureFormatException} naming the byte
 *       offset and the problem (header errors already at {@code open}); never an unchecked exception, never a
 *       hang. Every complete record before the problem is delivered first: a file cut in the middle of its last
 *       record yields all earlier records, then the exception ("truncated dump file"). After an exception
 *       {@code next()} throws the same exception again.</li>
 *   <li>Unknown link types are reported ({@link #linkType()}, {@link LinkType#OTHER}), never rejected; unknown
 *       pcapng block types are skipped after their framing is checked.</li>
 * </ul>
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class CaptureReader implements AutoCloseable {
    /** The default cap on one record's captured bytes (and one pcapng packet block): 256 KiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;
    /** Room beyond the record cap for record headers, pcapng framing and options. */
    private static final int FRAMING_MARGIN = 64 * 1024;

    private final ByteSource source;
    private final RecordParser parser;
    private long recordCount;
    private boolean positioned;
    private CaptureFormatException failure;
    private boolean closed;

    private CaptureReader(ByteSource source, RecordParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /** Opens a capture file with the default record cap. */
    public static CaptureReader open(Path path) throws IOException {
        return open(FileChannel.open(path, StandardOpenOption.READ), DEFAULT_MAX_RECORD_BYTES);
    }

    /** Reads a capture from a stream with the default record cap; closing the reader closes the stream. */
    public static CaptureReader open(InputStream in) throws IOException {
        return open(Channels.newChannel(in), DEFAULT_MAX_RECORD_BYTES);
    }

    /** Reads a capture from a blocking channel with the default record cap; closing the reader closes it. */
    public static CaptureReader open(ReadableByteChannel channel) throws IOException {
        return open(channel, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * Reads a capture from a blocking channel, refusing records with more than {@code maxRecordBytes} captured
     * bytes. Reads and checks the file header (pcap) or first section header block (pcapng) now, so a bad magic
     * or version fails here. On failure the channel is closed.
     */
    public static CaptureReader open(ReadableByteChannel channel, int maxRecordBytes) throws IOException {
        if (maxRecordBytes < 1 || maxRecordBytes > Integer.MAX_VALUE - 2 * FRAMING_MARGIN) {
            throw new IllegalArgumentException("maxRecordBytes out of range: " + maxRecordBytes);
        }
        if (channel instanceof SelectableChannel selectable && !selectable.isBlocking()) {
            throw new IllegalArgumentException("the channel must be blocking");
        }
        ByteSource source = new ByteSource(channel, maxRecordBytes + FRAMING_MARGIN);
        try {
            return new CaptureReader(source, readHeader(source, maxRecordBytes));
        } catch (IOException | RuntimeException e) {
            try {
                source.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static RecordParser readHeader(ByteSource source, int maxRecordBytes) throws IOException {
        int got = source.fill(4);
        if (got < 4) {
            throw new CaptureFormatException(0, "truncated dump file: the magic number needs 4 bytes, only " + got
                    + " present");
        }
        int magic = source.segment().get(RecordParser.BE32, source.position());
        if (magic == PcapngBlocks.SHB_TYPE) {
            PcapngBlocks blocks = new PcapngBlocks(source, maxRecordBytes);
            blocks.readFirstSection();
            return blocks;
        }
        for (int candidate : new int[] {PcapRecords.MAGIC_MICROS, PcapRecords.MAGIC_NANOS, PcapRecords.MAGIC_MODIFIED}) {
            if (magic == candidate || magic == Integer.reverseBytes(candidate)) {
                PcapRecords records = new PcapRecords(source, maxRecordBytes);
                records.readFileHeader();
                return records;
            }
        }
        throw new CaptureFormatException(0, "bad magic number " + RecordParser.hex32(magic)
                + ": neither classic pcap (a1b2c3d4 or a1b23c4d, either byte order) nor pcapng (0a0d0d0a)");
    }

    /**
     * Moves to the next packet record. Returns false at a clean end of the stream (and on every later call).
     *
     * @throws CaptureFormatException when the next record is malformed or cut short; earlier records were all
     *     delivered
     */
    public boolean next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            positioned = false;
            return false;
        }
        try {
            positioned = parser.advance();
        } catch (CaptureFormatException e) {
            positioned = false;
            failure = e;
            throw e;
        }
        if (positioned) {
            recordCount++;
        }
        return positioned;
    }

    /** The container format detected from the magic. */
    public CaptureFormat format() {
        return parser.format();
    }

    /**
     * The byte order of the file (pcap) or of the current section (pcapng), as written by the capturing host.
     */
    public ByteOrder byteOrder() {
        return parser.byteOrder();
    }

    /** Epoch seconds of the current record's timestamp (UTC; pcapng if_tsoffset applied). 0 for an SPB. */
    public long timestampSeconds() {
        return parser.seconds;
    }

    /** Nanoseconds within {@link #timestampSeconds()}: 0 to 999,999,999. */
    public int timestampNanos() {
        return parser.nanos;
    }

    /** Bytes of the current packet present in the capture: {@code data().byteSize()}. */
    public int capturedLength() {
        return parser.capturedLength;
    }

    /** Length of the packet on the wire, at least {@link #capturedLength()} (unsigned 32-bit). */
    public long originalLength() {
        return parser.originalLength;
    }

    /** The raw {@code LINKTYPE_*} number of the current record's interface (for pcap: of the file). */
    public int linkType() {
        return parser.linkType;
    }

    /** The current record's link type as a constant ({@link LinkType#OTHER} when unknown to this module). */
    public LinkType link() {
        return LinkType.of(parser.linkType);
    }

    /**
     * Bytes of frame check sequence at the end of each packet, from the FCS bits of a classic pcap link-type
     * field (draft-ietf-opsawg-pcap §4); 0 when absent or for pcapng.
     */
    public int fcsBytes() {
        return parser.fcsBytes;
    }

    /** The current record's interface: its index within the current pcapng section; always 0 for pcap. */
    public int interfaceIndex() {
        return parser.interfaceIndex;
    }

    /** The pcapng section (0-based) of the current record; always 0 for pcap. */
    public int sectionIndex() {
        return parser instanceof PcapngBlocks blocks ? blocks.sectionNumber() : 0;
    }

    /** Byte offset in the stream of the current record's header (pcap) or block (pcapng). */
    public long recordOffset() {
        return parser.recordOffset;
    }

    /** How many records {@link #next()} has delivered so far (1 while the first is current). */
    public long recordCount() {
        return recordCount;
    }

    /** The reused buffer holding the current record's bytes at {@link #dataOffset()}; valid until {@link #next()}. */
    public MemorySegment buffer() {
        return source.segment();
    }

    /** Offset of the current packet's first byte in {@link #buffer()}. */
    public long dataOffset() {
        return parser.dataPosition;
    }

    /**
     * The current packet's captured bytes as a slice of {@link #buffer()}; valid until the next {@link #next()}.
     * The slice is a small object; allocation-free callers use {@link #buffer()} and {@link #dataOffset()}.
     */
    public MemorySegment data() {
        if (!positioned) {
            throw new IllegalStateException("no current record: call next() first and check that it returned true");
        }
        return source.segment().asSlice(parser.dataPosition, parser.capturedLength);
    }

    /** The classic pcap snapshot length from the file header, or the pcapng snaplen of the current interface. */
    public long snapLength() {
        if (parser instanceof PcapRecords records) {
            return records.snapLength();
        }
        PcapngBlocks blocks = (PcapngBlocks) parser;
        return positioned && parser.interfaceIndex < blocks.interfaceCount()
                ? blocks.interfaceSnapLength(parser.interfaceIndex) : 0;
    }

    /** Whether a classic pcap file has nanosecond timestamps (magic a1b23c4d); false for pcapng. */
    public boolean nanosecondPcap() {
        return parser instanceof PcapRecords records && records.nanosecondResolution();
    }

    /** The file's (pcap) or current section's (pcapng) format version, e.g. "2.4" or "1.0". */
    public String version() {
        if (parser instanceof PcapRecords records) {
            return records.versionMajor() + "." + records.versionMinor();
        }
        PcapngBlocks blocks = (PcapngBlocks) parser;
        return blocks.versionMajor() + "." + blocks.versionMinor();
    }

    /** The interfaces defined so far in the current pcapng section (for pcap: the file's one interface). */
    public List<CaptureInterface> interfaces() {
        List<CaptureInterface> out = new ArrayList<>();
        if (parser instanceof PcapRecords records) {
            out.add(new CaptureInterface(0, parser.linkType, records.snapLength(),
                    records.nanosecondResolution() ? 9 : 6, 0));
            return out;
        }
        PcapngBlocks blocks = (PcapngBlocks) parser;
        for (int i = 0; i < blocks.interfaceCount(); i++) {
            out.add(new CaptureInterface(i, blocks.interfaceLinkType(i), blocks.interfaceSnapLength(i),
                    blocks.interfaceTsresol(i), blocks.interfaceTsoffset(i)));
        }
        return out;
    }

    /** A copy of the current record, independent of the buffer (cold path). */
    public CaptureRecord record() {
        return new CaptureRecord(timestampSeconds(), timestampNanos(), interfaceIndex(), linkType(),
                originalLength(), data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }

    /** Reads every record of a capture file into memory (cold path: tests, small files). */
    public static List<CaptureRecord> readAll(Path path) throws IOException {
        try (CaptureReader reader = open(path)) {
            List<CaptureRecord> records = new ArrayList<>();
            while (reader.next()) {
                records.add(reader.record());
            }
            return records;
        }
    }

    /** Closes the underlying channel; later {@link #next()} calls return false. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            positioned = false;
            source.close();
        }
    }
}
