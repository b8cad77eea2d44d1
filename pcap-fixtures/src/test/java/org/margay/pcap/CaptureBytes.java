package org.margay.pcap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: write records to bytes, read bytes back, and hand-build capture files in either byte order. */
final class CaptureBytes {
    private CaptureBytes() {
    }

    /** What reading a whole capture gave: the records delivered, and the exception that ended it (or null). */
    record ReadResult(List<CaptureRecord> records, CaptureFormatException failure) {
    }

    static List<CaptureRecord> readAll(byte[] file) throws IOException {
        ReadResult result = read(file, CaptureReader.DEFAULT_MAX_RECORD_BYTES);
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.records();
    }

    /** Reads until clean end or a format error; any other exception propagates (and fails the test). */
    static ReadResult read(byte[] file, int maxRecordBytes) throws IOException {
        List<CaptureRecord> records = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(Channels.newChannel(new ByteArrayInputStream(file)),
                maxRecordBytes)) {
            while (reader.next()) {
                records.add(reader.record());
            }
            return new ReadResult(records, null);
        } catch (CaptureFormatException e) {
            return new ReadResult(records, e);
        }
    }

    static byte[] writePcapng(List<CaptureRecord> records, TimestampResolution resolution, ByteOrder order)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter writer = CaptureWriter.pcapng(Channels.newChannel(out), resolution, order)) {
            for (CaptureRecord r : records) {
                int index = writer.interfaceFor(r.linkType());
                writer.write(index, r.seconds(), r.nanos(), MemorySegment.ofArray(r.data()), r.originalLength());
            }
        }
        return out.toByteArray();
    }

    static byte[] writePcap(List<CaptureRecord> records, int linkType, TimestampResolution resolution,
                            ByteOrder order) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureWriter writer = CaptureWriter.pcap(Channels.newChannel(out), linkType, 65535, resolution, order)) {
            for (CaptureRecord r : records) {
                writer.write(0, r.seconds(), r.nanos(), MemorySegment.ofArray(r.data()), r.originalLength());
            }
        }
        return out.toByteArray();
    }

    /** A growable byte buffer in a chosen byte order, for writing capture files by hand. */
    static final class Builder {
        private ByteBuffer buffer;

        Builder(ByteOrder order) {
            buffer = ByteBuffer.allocate(1 << 16).order(order);
        }

        Builder u8(int v) {
            buffer.put((byte) v);
            return this;
        }

        Builder u16(int v) {
            buffer.putShort((short) v);
            return this;
        }

        Builder u32(long v) {
            buffer.putInt((int) v);
            return this;
        }

        Builder u64(long v) {
            buffer.putLong(v);
            return this;
        }

        Builder bytes(byte[] b) {
            if (buffer.remaining() < b.length + 64) {
                ByteBuffer grown = ByteBuffer.allocate(buffer.capacity() * 2 + b.length).order(buffer.order());
                grown.put(buffer.flip());
                buffer = grown;
            }
            buffer.put(b);
            return this;
        }

        /** Raw big-endian bytes regardless of the builder's order (magics written as on the wire). */
        Builder raw(int... values) {
            for (int v : values) {
                buffer.put((byte) v);
            }
            return this;
        }

        int position() {
            return buffer.position();
        }

        /** Overwrites a 32-bit value at {@code at} in the builder's order. */
        Builder put32At(int at, long v) {
            buffer.putInt(at, (int) v);
            return this;
        }

        byte[] toArray() {
            byte[] out = new byte[buffer.position()];
            buffer.get(0, out);
            return out;
        }
    }

    /** A pcapng block writer over a {@link Builder}: type, length, body, length, with the length filled in. */
    static final class Pcapng {
        final Builder b;
        private int blockStart = -1;

        Pcapng(ByteOrder order) {
            b = new Builder(order);
        }

        Pcapng begin(int type) {
            blockStart = b.position();
            b.u32(type).u32(0);
            return this;
        }

        Pcapng end() {
            while (((b.position() + 4 - blockStart) & 3) != 0) {
                b.u8(0);
            }
            int length = b.position() + 4 - blockStart;
            b.u32(length);
            b.put32At(blockStart + 4, length);
            return this;
        }

        Pcapng shb() {
            return begin(0x0A0D0D0A).u32x(0x1A2B3C4D).u16x(1).u16x(0).u64x(-1).end();
        }

        Pcapng idb(int linkType, long snapLength, int tsresol, Long tsoffset) {
            begin(1).u16x(linkType).u16x(0).u32x(snapLength);
            if (tsresol >= 0) {
                b.u16(9).u16(1).u8(tsresol).u8(0).u8(0).u8(0);
            }
            if (tsoffset != null) {
                b.u16(14).u16(8).u64(tsoffset);
            }
            if (tsresol >= 0 || tsoffset != null) {
                b.u16(0).u16(0);
            }
            return end();
        }

        Pcapng epb(int iface, long ticks, byte[] data, long original) {
            begin(6).u32x(iface).u32x(ticks >>> 32).u32x(ticks & 0xFFFF_FFFFL).u32x(data.length).u32x(original);
            b.bytes(data);
            return end();
        }

        Pcapng u16x(int v) {
            b.u16(v);
            return this;
        }

        Pcapng u32x(long v) {
            b.u32(v);
            return this;
        }

        Pcapng u64x(long v) {
            b.u64(v);
            return this;
        }

        byte[] toArray() {
            return b.toArray();
        }
    }
}
