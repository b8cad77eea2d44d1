package org.margay.net.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) reads and writes of unsigned fields in a {@link MemorySegment}.
 *
 * <p>All wire views go through these helpers so that byte order is explicit in one place. Reads return
 * the unsigned value widened to {@code int} (or {@code long} for 32-bit fields). They allocate nothing.
 */
public final class Bytes {
    /** An unaligned big-endian 16-bit layout. */
    public static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** An unaligned big-endian 32-bit layout. */
    public static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** An unaligned big-endian 64-bit layout. */
    public static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** The unsigned byte at {@code offset}. */
    public static int u8(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    /** The unsigned big-endian 16-bit value at {@code offset}. */
    public static int u16(MemorySegment segment, long offset) {
        return segment.get(BE16, offset) & 0xFFFF;
    }

    /** The big-endian 32-bit value at {@code offset}, as raw bits (use {@link Integer#toUnsignedLong} to widen). */
    public static int i32(MemorySegment segment, long offset) {
        return segment.get(BE32, offset);
    }

    /** The unsigned big-endian 32-bit value at {@code offset}. */
    public static long u32(MemorySegment segment, long offset) {
        return segment.get(BE32, offset) & 0xFFFF_FFFFL;
    }

    /** The unsigned big-endian 48-bit value at {@code offset} (a MAC address). */
    public static long u48(MemorySegment segment, long offset) {
        return ((long) u16(segment, offset) << 32) | u32(segment, offset + 2);
    }

    /** Writes the low 8 bits of {@code value} at {@code offset}. */
    public static void u8(MemorySegment segment, long offset, int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    /** Writes the low 16 bits of {@code value} big-endian at {@code offset}. */
    public static void u16(MemorySegment segment, long offset, int value) {
        segment.set(BE16, offset, (short) value);
    }

    /** Writes {@code value} big-endian at {@code offset}. */
    public static void u32(MemorySegment segment, long offset, long value) {
        segment.set(BE32, offset, (int) value);
    }

    /** Writes the low 48 bits of {@code value} big-endian at {@code offset} (a MAC address). */
    public static void u48(MemorySegment segment, long offset, long value) {
        u16(segment, offset, (int) (value >>> 32));
        u32(segment, offset + 2, value);
    }

    /** Lower-case hex of {@code length} bytes from {@code offset}, with no separators (cold path). */
    public static String hex(MemorySegment segment, long offset, int length) {
        StringBuilder out = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            int b = u8(segment, offset + i);
            out.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }

    /** Whether {@code [offset, offset + length)} lies inside a region of {@code limit} bytes, without overflow. */
    public static boolean fits(long offset, long length, long limit) {
        return offset >= 0 && length >= 0 && offset <= limit && length <= limit - offset;
    }
}
