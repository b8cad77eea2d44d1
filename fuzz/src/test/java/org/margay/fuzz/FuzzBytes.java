package org.margay.fuzz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * Shared plumbing for the fuzz targets: turning fuzzer bytes into segments the views can wrap, and stating
 * the contract's expectations as plain checks.
 *
 * <p>Every target wraps its input twice: in a segment that is exactly the input (so a read before the start
 * or past the end throws {@link IndexOutOfBoundsException}, which Jazzer reports), and at {@link #HEADROOM}
 * bytes into a larger segment filled with a marker before the input (so a view that mixes absolute and
 * relative offsets gives a different answer, which the target compares). Nothing here may hide an exception.
 */
final class FuzzBytes {
    /** Bytes of marker before the copy in {@link #withHeadroom}: odd, so alignment assumptions show too. */
    static final int HEADROOM = 7;
    /** The marker byte in the headroom. */
    private static final byte MARKER = (byte) 0xA5;

    private FuzzBytes() {
    }

    /** A heap segment holding exactly {@code data} (a copy, so a view that writes cannot change the input). */
    static MemorySegment exact(byte[] data) {
        return MemorySegment.ofArray(data.clone());
    }

    /** A heap segment of {@code HEADROOM + data.length} bytes: marker bytes, then {@code data}; nothing after. */
    static MemorySegment withHeadroom(byte[] data) {
        byte[] copy = new byte[HEADROOM + data.length];
        Arrays.fill(copy, 0, HEADROOM, MARKER);
        System.arraycopy(data, 0, copy, HEADROOM, data.length);
        return MemorySegment.ofArray(copy);
    }

    /** The bytes {@code [offset, offset + length)} of a segment. */
    static byte[] bytes(MemorySegment segment, long offset, int length) {
        return segment.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Fails the fuzz target with a message naming the input when {@code condition} is false. */
    static void require(boolean condition, String what, byte[] input) {
        if (!condition) {
            throw new AssertionError(what + " (input " + hex(input) + ")");
        }
    }

    /** Fails unless {@code expected.equals(actual)}. */
    static void requireEqual(Object expected, Object actual, String what, byte[] input) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual + " (input " + hex(input) + ")");
        }
    }

    /**
     * Fails unless two parses of the same bytes at different offsets agree: equal values when both are
     * {@link Parsed.Ok}, the same status when both are {@link Parsed.Invalid} (details may name absolute offsets).
     */
    static void requireSameOutcome(Parsed<?> first, Parsed<?> second, byte[] input) {
        if (first instanceof Parsed.Invalid<?>(WireStatus a, String ignored)
                && second instanceof Parsed.Invalid<?>(WireStatus b, String ignoredToo)) {
            requireEqual(a, b, "parse status depends on the offset", input);
        } else {
            requireEqual(first, second, "parse depends on the offset", input);
        }
    }

    /** Lower-case hex of at most 256 bytes, for messages. */
    static String hex(byte[] data) {
        return data.length <= 256
                ? HexFormat.of().formatHex(data)
                : HexFormat.of().formatHex(data, 0, 256) + "...(" + data.length + " bytes)";
    }
}
