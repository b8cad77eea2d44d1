package org.margay.pcap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * pcapng (draft-ietf-opsawg-pcapng): a stream of sections, each a Section Header Block followed by
 * Interface Description Blocks and packet blocks. Packet blocks (EPB, SPB, obsolete OPB) become records;
 * every other block type is checked for framing and skipped.
 *
 * <p>Each block is framed (§3.1) as type (4), total length (4), body, total length again (4); the total
 * length is at least 12 and a multiple of 4, and both copies must agree.
 */
final class PcapngBlocks extends RecordParser {
    static final int SHB_TYPE = 0x0A0D0D0A;
    static final int IDB_TYPE = 1;
    static final int OPB_TYPE = 2;
    static final int SPB_TYPE = 3;
    static final int EPB_TYPE = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** §4.1: SHB minimum total length: header 8, magic 4, version 4, section length 8, trailer 4. */
    static final int SHB_MIN_LENGTH = 28;
    /** §4.2: IDB minimum total length: header 8, link type 2, reserved 2, snaplen 4, trailer 4. */
    static final int IDB_MIN_LENGTH = 20;
    /** §4.3: EPB minimum total length: header 8, 5 fixed words 20, trailer 4. */
    static final int EPB_MIN_LENGTH = 32;
    /** §4.4: SPB minimum total length: header 8, original length 4, trailer 4. */
    static final int SPB_MIN_LENGTH = 16;
    /** Appendix: OPB minimum total length, laid out like the EPB. */
    static final int OPB_MIN_LENGTH = 32;
    static final int OPTION_END = 0;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;
    /** §4.2: without if_tsresol the unit is 10^-6 s. */
    static final int DEFAULT_TSRESOL = 6;
    /** Interfaces per section this reader tracks: bounds its memory against hostile files. */
    static final int MAX_INTERFACES = 65_536;

    private int sectionNumber = -1;
    private int interfaceCount;
    private int[] interfaceLinkTypes = new int[4];
    private long[] interfaceSnapLengths = new long[4];
    private int[] interfaceTsresol = new int[4];
    private long[] interfaceTsoffset = new long[4];
    private int versionMajor;
    private int versionMinor;

    PcapngBlocks(ByteSource source, int maxRecordBytes) {
        super(source, maxRecordBytes);
    }

    @Override
    CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    int sectionNumber() {
        return sectionNumber;
    }

    int interfaceCount() {
        return interfaceCount;
    }

    int interfaceLinkType(int index) {
        return interfaceLinkTypes[index];
    }

    long interfaceSnapLength(int index) {
        return interfaceSnapLengths[index];
    }

    int interfaceTsresol(int index) {
        return interfaceTsresol[index];
    }

    long interfaceTsoffset(int index) {
        return interfaceTsoffset[index];
    }

    int versionMajor() {
        return versionMajor;
    }

    int versionMinor() {
        return versionMinor;
    }

    /** Reads the first Section Header Block, which must start the stream. */
    void readFirstSection() throws IOException {
        readSectionHeader(source.offset());
    }

    @Override
    boolean advance() throws IOException {
        releasePrevious();
        while (true) {
            long offset = source.offset();
            int got = source.fill(8);
            if (got == 0) {
                return false;
            }
            if (got < 8) {
                throw new CaptureFormatException(offset, "truncated dump file: a block header needs 8 bytes, only "
                        + got + " present at end of file");
            }
            int type = (int) u32(source.position());
            if (type == SHB_TYPE) {
                readSectionHeader(offset);
                continue;
            }
            long length = u32(source.position() + 4);
            checkFraming(offset, type, length, 12);
            boolean packet = type == EPB_TYPE || type == SPB_TYPE || type == OPB_TYPE;
            if (length > source.maxCapacity()) {
                if (packet || type == IDB_TYPE) {
                    throw new CaptureFormatException(offset, blockName(type) + " of total length " + length
                            + " is beyond the reader's cap of " + source.maxCapacity() + " bytes");
                }
                skipLargeBlock(offset, type, length);
                continue;
            }
            int total = (int) length;
            readWholeBlock(offset, type, total);
            int p = source.position();
            switch (type) {
                case IDB_TYPE -> readInterface(offset, p, total);
                case EPB_TYPE -> readEnhancedPacket(offset, p, total, false);
                case OPB_TYPE -> readEnhancedPacket(offset, p, total, true);
                case SPB_TYPE -> readSimplePacket(offset, p, total);
                default -> {
                    // NRB, ISB, DSB, custom and unknown blocks: framing checked, content not needed.
                }
            }
            if (packet) {
                recordOffset = offset;
                pendingConsume = total;
                return true;
            }
            source.consume(total);
        }
    }

    private void readSectionHeader(long offset) throws IOException {
        int got = source.fill(12);
        if (got < 12) {
            throw new CaptureFormatException(offset, "truncated dump file: a section header block needs at least "
                    + SHB_MIN_LENGTH + " bytes, only " + got + " present at end of file");
        }
        int p = source.position();
        int magic = source.segment().get(BE32, p + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            useOrder(ByteOrder.BIG_ENDIAN);
        } else if (magic == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            useOrder(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new CaptureFormatException(offset, "bad byte-order magic " + hex32(magic)
                    + " in section header block (expected 1a2b3c4d in either byte order)");
        }
        long length = u32(p + 4);
        checkFraming(offset, SHB_TYPE, length, SHB_MIN_LENGTH);
        if (length > source.maxCapacity()) {
            throw new CaptureFormatException(offset, "section header block of total length " + length
                    + " is beyond the reader's cap of " + source.maxCapacity() + " bytes");
        }
        int total = (int) length;
        readWholeBlock(offset, SHB_TYPE, total);
        p = source.position();
        versionMajor = u16(p + 12);
        versionMinor = u16(p + 14);
        // §4.1: readers must reject a major version they do not know; minor versions are compatible.
        if (versionMajor != 1) {
            throw new CaptureFormatException(offset, "unsupported pcapng version " + versionMajor + "."
                    + versionMinor + " (this reader supports 1.x)");
        }
        // p + 16: section length, -1 when unknown; not needed for a sequential read.
        walkOptions(offset, SHB_TYPE, p + 24, p + total - 4, false);
        sectionNumber++;
        interfaceCount = 0;
        source.consume(total);
    }

    private static void checkFraming(long offset, int type, long length, int minimum) throws CaptureFormatException {
        if (length < minimum) {
            throw new CaptureFormatException(offset, blockName(type) + " total length " + length
                    + " is too small (minimum " + minimum + ")");
        }
        if ((length & 3) != 0) {
            throw new CaptureFormatException(offset, blockName(type) + " total length " + length
                    + " is not a multiple of 4");
        }
    }

    private void readWholeBlock(long offset, int type, int total) throws IOException {
        int got = source.fill(total);
        if (got < total) {
            throw new CaptureFormatException(offset, "truncated dump file: " + blockName(type) + " of total length "
                    + total + " has only " + got + " bytes before end of file");
        }
        long trailer = u32(source.position() + total - 4);
        if (trailer != total) {
            throw new CaptureFormatException(offset, blockName(type) + ": block total length in header " + total
                    + " and trailer " + trailer + " don't match");
        }
    }

    private void skipLargeBlock(long offset, int type, long length) throws IOException {
        long skipped = source.skip(length - 4);
        int got = skipped == length - 4 ? source.fill(4) : 0;
        if (got < 4) {
            throw new CaptureFormatException(offset, "truncated dump file: " + blockName(type) + " of total length "
                    + length + " ends early at end of file");
        }
        long trailer = u32(source.position());
        if (trailer != length) {
            throw new CaptureFormatException(offset, blockName(type) + ": block total length in header " + length
                    + " and trailer " + trailer + " don't match");
        }
        source.consume(4);
    }

    private void readInterface(long offset, int p, int total) throws CaptureFormatException {
        checkMinimum(offset, IDB_TYPE, total, IDB_MIN_LENGTH);
        if (interfaceCount == MAX_INTERFACES) {
            throw new CaptureFormatException(offset, "more than " + MAX_INTERFACES + " interfaces in one section");
        }
        if (interfaceCount == interfaceLinkTypes.length) {
            int grown = interfaceCount * 2;
            interfaceLinkTypes = Arrays.copyOf(interfaceLinkTypes, grown);
            interfaceSnapLengths = Arrays.copyOf(interfaceSnapLengths, grown);
            interfaceTsresol = Arrays.copyOf(interfaceTsresol, grown);
            interfaceTsoffset = Arrays.copyOf(interfaceTsoffset, grown);
        }
        int index = interfaceCount;
        interfaceLinkTypes[index] = u16(p + 8);
        interfaceSnapLengths[index] = u32(p + 12);
        interfaceTsresol[index] = DEFAULT_TSRESOL;
        interfaceTsoffset[index] = 0;
        walkOptions(offset, IDB_TYPE, p + 16, p + total - 4, true);
        interfaceCount++;
    }

    private void readEnhancedPacket(long offset, int p, int total, boolean obsolete) throws CaptureFormatException {
        int type = obsolete ? OPB_TYPE : EPB_TYPE;
        checkMinimum(offset, type, total, EPB_MIN_LENGTH);
        long interfaceId = obsolete ? u16(p + 8) : u32(p + 8);
        checkInterface(offset, type, interfaceId);
        long ticks = (u32(p + 12) << 32) | u32(p + 16);
        long captured = u32(p + 20);
        long original = u32(p + 24);
        long room = total - EPB_MIN_LENGTH;
        if (captured > room) {
            throw new CaptureFormatException(offset, blockName(type) + " captured length " + captured
                    + " overruns its block (room for " + room + " bytes)");
        }
        if (captured > maxRecordBytes) {
            throw new CaptureFormatException(offset, blockName(type) + " captured length " + captured
                    + " is beyond the reader's cap of " + maxRecordBytes + " bytes");
        }
        if (captured > original) {
            throw new CaptureFormatException(offset, blockName(type) + " captured length " + captured
                    + " is greater than its original length " + original);
        }
        int dataStart = p + 28;
        int padded = (int) ((captured + 3) & ~3L);
        walkOptions(offset, type, dataStart + padded, p + total - 4, false);
        int index = (int) interfaceId;
        setRecord(index, ticks, (int) captured, original, dataStart);
    }

    private void readSimplePacket(long offset, int p, int total) throws CaptureFormatException {
        // §4.4: the SPB belongs to interface 0 and carries no timestamp; its captured length is the original
        // length cut to the interface's snaplen (0 = no limit) and to the block.
        checkInterface(offset, SPB_TYPE, 0);
        long original = u32(p + 8);
        long captured = Math.min(original, total - SPB_MIN_LENGTH);
        long snap = interfaceSnapLengths[0];
        if (snap != 0) {
            captured = Math.min(captured, snap);
        }
        if (captured > maxRecordBytes) {
            throw new CaptureFormatException(offset, "simple packet block captured length " + captured
                    + " is beyond the reader's cap of " + maxRecordBytes + " bytes");
        }
        setRecord(0, 0, (int) captured, original, p + 12);
        seconds = 0;
        nanos = 0;
    }

    private void setRecord(int index, long ticks, int captured, long original, int dataStart) {
        int tsresol = interfaceTsresol[index];
        seconds = Timestamps.seconds(ticks, tsresol) + interfaceTsoffset[index];
        nanos = Timestamps.nanos(ticks, tsresol);
        capturedLength = captured;
        originalLength = original;
        interfaceIndex = index;
        linkType = interfaceLinkTypes[index];
        fcsBytes = 0;
        dataPosition = dataStart;
    }

    private void checkInterface(long offset, int type, long interfaceId) throws CaptureFormatException {
        if (interfaceId >= interfaceCount) {
            throw new CaptureFormatException(offset, blockName(type) + " for undefined interface " + interfaceId
                    + " (the section has defined " + interfaceCount + ")");
        }
    }

    private static void checkMinimum(long offset, int type, int total, int minimum) throws CaptureFormatException {
        if (total < minimum) {
            throw new CaptureFormatException(offset, blockName(type) + " total length " + total
                    + " is too small (minimum " + minimum + ")");
        }
    }

    /**
     * §3.5 options: code (2), length (2), value padded to 4 bytes; {@code opt_endofopt} (code 0) ends the list.
     * Every option must lie inside {@code [start, end)}. For an IDB, records if_tsresol and if_tsoffset for the
     * interface being defined.
     */
    private void walkOptions(long offset, int type, int start, int end, boolean interfaceOptions)
            throws CaptureFormatException {
        int p = start;
        while (p < end) {
            if (end - p < 4) {
                throw new CaptureFormatException(offset, blockName(type) + ": option header at block byte "
                        + (p - source.position()) + " overruns its block");
            }
            int code = u16(p);
            int length = u16(p + 2);
            if (code == OPTION_END) {
                return;
            }
            int padded = (length + 3) & ~3;
            if (padded > end - p - 4) {
                throw new CaptureFormatException(offset, blockName(type) + ": option " + code + " of length " + length
                        + " at block byte " + (p - source.position()) + " overruns its block");
            }
            if (interfaceOptions) {
                readInterfaceOption(offset, code, length, p + 4);
            }
            p += 4 + padded;
        }
    }

    private void readInterfaceOption(long offset, int code, int length, int value) throws CaptureFormatException {
        int index = interfaceCount;
        if (code == IF_TSRESOL) {
            if (length != 1) {
                throw new CaptureFormatException(offset, "interface description block: if_tsresol has length "
                        + length + ", expected 1");
            }
            interfaceTsresol[index] = source.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, value) & 0xFF;
        } else if (code == IF_TSOFFSET) {
            if (length != 8) {
                throw new CaptureFormatException(offset, "interface description block: if_tsoffset has length "
                        + length + ", expected 8");
            }
            interfaceTsoffset[index] = i64(value);
        }
    }

    static String blockName(int type) {
        return switch (type) {
            case SHB_TYPE -> "section header block";
            case IDB_TYPE -> "interface description block";
            case OPB_TYPE -> "obsolete packet block";
            case SPB_TYPE -> "simple packet block";
            case EPB_TYPE -> "enhanced packet block";
            default -> "block of type " + hex32(type);
        };
    }
}
