package org.margay.net.common;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum: the 16-bit one's-complement of the one's-complement sum of 16-bit words
 * (RFC 1071), with the IPv4 pseudo-header of TCP and UDP (RFC 9293 §3.1, RFC 768) and incremental update
 * (RFC 1624).
 *
 * <p>Sums are kept "folded": a value in {@code [0, 0xFFFF]} that is the one's-complement sum, not yet
 * complemented. {@link #finish(int)} complements it into the value a header carries. A receiver verifies by
 * summing the covered bytes <em>including</em> the checksum field and comparing with {@code 0xFFFF}
 * (RFC 1071 §1, RFC 1624 §5). No method allocates.
 */
public final class InternetChecksum {
    /** The folded sum of data that verifies. */
    public static final int VERIFIED = 0xFFFF;
    /** Regions at least this long take the wide loop, whose set-up only pays off over a few hundred bytes. */
    static final int WIDE_THRESHOLD = 256;
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private InternetChecksum() {
    }

    /**
     * The folded one's-complement sum of {@code length} bytes at {@code offset}, added to {@code initial}
     * (itself a folded sum, 0 to start). An odd final byte is padded on the right with zero (RFC 1071 §4.1).
     * The chunk is taken to start on an even byte of the whole; see {@link #combine} for odd splits.
     */
    public static int sum(MemorySegment segment, long offset, int length, int initial) {
        if (length >= WIDE_THRESHOLD) {
            return sumWide(segment, offset, length, initial);
        }
        return sumNarrow(segment, offset, offset + length, initial & 0xFFFFL);
    }

    /**
     * Short regions (headers, small segments): 8 bytes at a time in one simple loop, which the JIT enters with no
     * set-up cost. Adding the two 32-bit halves of a big-endian 64-bit word preserves the sum modulo 0xFFFF, since
     * 2^16 = 1 there; the long accumulator cannot overflow for any int length.
     */
    private static int sumNarrow(MemorySegment segment, long at, long end, long acc) {
        while (end - at >= 8) {
            long word = segment.get(Bytes.BE64, at);
            acc += (word >>> 32) + (word & 0xFFFF_FFFFL);
            at += 8;
        }
        if (end - at >= 4) {
            acc += Bytes.u32(segment, at);
            at += 4;
        }
        if (end - at >= 2) {
            acc += Bytes.u16(segment, at);
            at += 2;
        }
        if (at < end) {
            acc += (long) Bytes.u8(segment, at) << 8;
        }
        return fold(acc);
    }

    /**
     * Long regions (full segments): 16 bytes per step into two independent accumulators, in a counted loop the JIT
     * unrolls and strips of bounds checks. The words are read little-endian, which costs no byte swap on the
     * common hosts: the one's-complement sum is byte-order independent (RFC 1071 §2(B)), so the little-endian
     * sum is the byte-swapped big-endian one, and one swap of the folded result puts it right. Bit-identical to
     * the narrow loop: a non-zero partial sum stays non-zero through the fold and the swap.
     */
    private static int sumWide(MemorySegment segment, long offset, int length, int initial) {
        long acc0 = 0;
        long acc1 = 0;
        long wideEnd = offset + (length & ~15L);
        long at = offset;
        for (; at < wideEnd; at += 16) {
            long a = segment.get(LE64, at);
            long b = segment.get(LE64, at + 8);
            acc0 += (a >>> 32) + (a & 0xFFFF_FFFFL);
            acc1 += (b >>> 32) + (b & 0xFFFF_FFFFL);
        }
        long swapped = Integer.reverseBytes(fold(acc0 + acc1)) >>> 16;
        return sumNarrow(segment, at, offset + length, (initial & 0xFFFFL) + swapped);
    }

    /** The folded sum of a whole region, starting from zero. */
    public static int sum(MemorySegment segment, long offset, int length) {
        return sum(segment, offset, length, 0);
    }

    /** Folds a wide accumulator of 16-bit words into {@code [0, 0xFFFF]}, adding the carries back in. */
    public static int fold(long accumulator) {
        long acc = accumulator;
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** Adds two folded sums. */
    public static int add(int sumA, int sumB) {
        return fold((sumA & 0xFFFFL) + (sumB & 0xFFFFL));
    }

    /**
     * Adds the folded sum of a later chunk to the sum so far. If the earlier bytes had odd length the later
     * chunk's bytes sit in the other half of each word, so its sum is byte-swapped first (RFC 1071 §2(B)).
     */
    public static int combine(int sumSoFar, int chunkSum, boolean chunkStartsOnOddByte) {
        int chunk = chunkStartsOnOddByte ? Integer.reverseBytes(chunkSum) >>> 16 : chunkSum;
        return add(sumSoFar, chunk);
    }

    /** The checksum value to write into a header: the complement of the folded sum. */
    public static int finish(int foldedSum) {
        return ~foldedSum & 0xFFFF;
    }

    /** The checksum field value for {@code length} bytes at {@code offset} (checksum field zeroed by the caller). */
    public static int compute(MemorySegment segment, long offset, int length) {
        return finish(sum(segment, offset, length, 0));
    }

    /** True when the covered bytes, checksum field included, sum to {@code 0xFFFF}. */
    public static boolean verifies(MemorySegment segment, long offset, int length, int initial) {
        return sum(segment, offset, length, initial) == VERIFIED;
    }

    /**
     * The folded sum of the IPv4 pseudo-header that TCP and UDP checksums cover: source, destination, a zero
     * byte, the protocol and the transport length (RFC 9293 §3.1, RFC 768).
     */
    public static int ipv4PseudoHeaderSum(int sourceAddress, int destinationAddress, int protocol, int transportLength) {
        long acc = (sourceAddress >>> 16) + (sourceAddress & 0xFFFF)
                + (destinationAddress >>> 16) + (destinationAddress & 0xFFFF)
                + (protocol & 0xFF) + (transportLength & 0xFFFF);
        return fold(acc);
    }

    /**
     * RFC 1624 §3 Eqn. 3: the new checksum after one 16-bit word covered by it changes from {@code oldWord}
     * to {@code newWord}: HC' = ~(~HC + ~m + m'). When nothing changed the old checksum is returned as is,
     * because Eqn. 3 would turn 0x0000 into 0xFFFF (erratum 4782).
     */
    public static int update(int oldChecksum, int oldWord, int newWord) {
        if ((oldWord & 0xFFFF) == (newWord & 0xFFFF)) {
            return oldChecksum & 0xFFFF;
        }
        long acc = (~oldChecksum & 0xFFFFL) + (~oldWord & 0xFFFFL) + (newWord & 0xFFFFL);
        return ~fold(acc) & 0xFFFF;
    }

    /** {@link #update(int, int, int)} for a 32-bit field (an address), one 16-bit half at a time. */
    public static int update32(int oldChecksum, int oldValue, int newValue) {
        int c = update(oldChecksum, oldValue >>> 16, newValue >>> 16);
        return update(c, oldValue & 0xFFFF, newValue & 0xFFFF);
    }
}
