package org.margay.pcap;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * One container format's record loop. {@link #advance()} moves to the next packet record and fills the
 * current-record fields, which {@link CaptureReader} exposes; the packet bytes stay in the {@link ByteSource}
 * window at {@link #dataPosition}. Subclasses never throw anything but {@link IOException} (format problems as
 * {@link CaptureFormatException}) and never read outside the bytes {@link ByteSource#fill} made available.
 */
abstract class RecordParser {
    static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    final ByteSource source;
    /** The largest captured length a record may have. */
    final int maxRecordBytes;

    ValueLayout.OfShort u16Layout = LE16;
    ValueLayout.OfInt u32Layout = LE32;
    ValueLayout.OfLong u64Layout = LE64;

    long seconds;
    int nanos;
    int capturedLength;
    long originalLength;
    int linkType;
    int fcsBytes;
    int interfaceIndex;
    int dataPosition;
    long recordOffset;
    /** Bytes of the current record to consume before reading the next one. */
    int pendingConsume;

    RecordParser(ByteSource source, int maxRecordBytes) {
        this.source = source;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The container format. */
    abstract CaptureFormat format();

    /** Moves to the next packet record; false at a clean end of stream. */
    abstract boolean advance() throws IOException;

    /** The byte order of the current file or section. */
    final ByteOrder byteOrder() {
        return u32Layout == LE32 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    final void useOrder(ByteOrder order) {
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        u16Layout = little ? LE16 : BE16;
        u32Layout = little ? LE32 : BE32;
        u64Layout = little ? LE64 : BE64;
    }

    final int u16(int position) {
        return source.segment().get(u16Layout, position) & 0xFFFF;
    }

    final long u32(int position) {
        return source.segment().get(u32Layout, position) & 0xFFFF_FFFFL;
    }

    final long i64(int position) {
        return source.segment().get(u64Layout, position);
    }

    final void releasePrevious() {
        if (pendingConsume > 0) {
            source.consume(pendingConsume);
            pendingConsume = 0;
        }
    }

    static String hex32(long value) {
        return String.format("0x%08x", value & 0xFFFF_FFFFL);
    }
}
