package org.margay.pcap;

import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Classic pcap (draft-ietf-opsawg-pcap §4 file header, §5 packet record). The magic says both the byte order
 * and the timestamp resolution: {@code a1b2c3d4} microseconds, {@code a1b23c4d} nanoseconds.
 */
final class PcapRecords extends RecordParser {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    /** Alexey Kuznetzov's "modified" pcap: different record header, not supported. */
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    /** draft-ietf-opsawg-pcap §4: the current version is 2.4; libpcap accepts 2.0 to 2.4. */
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR_MAX = 4;

    private boolean nanosecondResolution;
    private int versionMajor;
    private int versionMinor;
    private long snapLength;

    PcapRecords(ByteSource source, int maxRecordBytes) {
        super(source, maxRecordBytes);
    }

    @Override
    CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    boolean nanosecondResolution() {
        return nanosecondResolution;
    }

    long snapLength() {
        return snapLength;
    }

    int versionMajor() {
        return versionMajor;
    }

    int versionMinor() {
        return versionMinor;
    }

    /** Reads and checks the 24-byte file header. */
    void readFileHeader() throws IOException {
        int got = source.fill(FILE_HEADER_LENGTH);
        if (got < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(source.offset(), "truncated dump file: the pcap file header needs "
                    + FILE_HEADER_LENGTH + " bytes, only " + got + " present");
        }
        int p = source.position();
        int magic = source.segment().get(BE32, p);
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            useOrder(ByteOrder.BIG_ENDIAN);
        } else {
            useOrder(ByteOrder.LITTLE_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        if (magic == MAGIC_MODIFIED) {
            throw new CaptureFormatException(source.offset(), "unsupported \"modified\" pcap format (magic a1b2cd34)");
        }
        nanosecondResolution = magic == MAGIC_NANOS;
        versionMajor = u16(p + 4);
        versionMinor = u16(p + 6);
        if (versionMajor != VERSION_MAJOR || versionMinor > VERSION_MINOR_MAX) {
            throw new CaptureFormatException(source.offset(), "unsupported pcap savefile version " + versionMajor
                    + "." + versionMinor + " (this reader supports 2.0 to 2.4)");
        }
        // p + 8 thiszone and p + 12 sigfigs: always 0 in practice and ignored, as libpcap does.
        snapLength = u32(p + 16);
        long linkField = u32(p + 20);
        // draft-ietf-opsawg-pcap §4: LinkType and additional information. Low 16 bits: the link type;
        // bit 26 (F) set means bits 28-31 give the FCS length in 16-bit words.
        linkType = (int) (linkField & 0xFFFF);
        fcsBytes = (linkField & 0x0400_0000L) != 0 ? (int) ((linkField >>> 28) & 0xF) * 2 : 0;
        interfaceIndex = 0;
        source.consume(FILE_HEADER_LENGTH);
    }

    @Override
    boolean advance() throws IOException {
        releasePrevious();
        long offset = source.offset();
        int got = source.fill(RECORD_HEADER_LENGTH);
        if (got == 0) {
            return false;
        }
        if (got < RECORD_HEADER_LENGTH) {
            throw new CaptureFormatException(offset, "truncated dump file: the record header needs "
                    + RECORD_HEADER_LENGTH + " bytes, only " + got + " present at end of file");
        }
        int p = source.position();
        long tsSeconds = u32(p);
        long tsFraction = u32(p + 4);
        long captured = u32(p + 8);
        long original = u32(p + 12);
        if (captured > maxRecordBytes) {
            throw new CaptureFormatException(offset, "record captured length " + captured
                    + " is beyond the reader's cap of " + maxRecordBytes + " bytes");
        }
        if (captured > original) {
            throw new CaptureFormatException(offset, "record captured length " + captured
                    + " is greater than its original length " + original);
        }
        int total = RECORD_HEADER_LENGTH + (int) captured;
        got = source.fill(total);
        if (got < total) {
            throw new CaptureFormatException(offset, "truncated dump file: record of captured length " + captured
                    + " has only " + (got - RECORD_HEADER_LENGTH) + " data bytes before end of file");
        }
        long unitsPerSecond = nanosecondResolution ? 1_000_000_000L : 1_000_000L;
        // A fraction of a whole second or more is not valid, but carry it rather than lose it.
        seconds = tsSeconds + tsFraction / unitsPerSecond;
        long fraction = tsFraction % unitsPerSecond;
        nanos = (int) (nanosecondResolution ? fraction : fraction * 1000);
        capturedLength = (int) captured;
        originalLength = original;
        dataPosition = source.position() + RECORD_HEADER_LENGTH;
        recordOffset = offset;
        pendingConsume = total;
        return true;
    }
}
