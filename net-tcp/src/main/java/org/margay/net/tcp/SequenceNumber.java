package org.margay.net.tcp;

/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4: "all arithmetic dealing with sequence numbers must
 * be performed modulo 2**32"). Numbers are {@code int} raw bits.
 *
 * <p>What must stay true: comparisons look at the signed 32-bit difference, so they are right whenever the two
 * numbers are less than 2^31 apart, which the window sizes of RFC 7323 §2.3 guarantee. So
 * {@code lt(0xFFFFFF00, 0x10)} is true: 0x10 lies 0x110 bytes after 0xFFFFFF00 across the wrap.
 */
public final class SequenceNumber {
    private SequenceNumber() {
    }

    /** {@code a < b} in sequence space (SEQ_LT). */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a =< b} in sequence space (SEQ_LEQ). */
    public static boolean leq(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} in sequence space (SEQ_GT). */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} in sequence space (SEQ_GEQ). */
    public static boolean geq(int a, int b) {
        return a - b >= 0;
    }

    /**
     * {@code low =< x < high} in sequence space: the half-open range RFC 9293 §3.4 uses for the receive window
     * ("RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND"). An empty range ({@code low == high}) holds nothing. Computed
     * as an unsigned distance, so it is right for any range shorter than 2^32.
     */
    public static boolean between(int low, int x, int high) {
        return Integer.compareUnsigned(x - low, high - low) < 0;
    }

    /** {@code low < x =< high}: the range RFC 9293 §3.4 uses for acceptable ACKs ("SND.UNA < SEG.ACK =< SND.NXT"). */
    public static boolean betweenExclusiveLow(int low, int x, int high) {
        return lt(low, x) && leq(x, high);
    }

    /** {@code seq + n} modulo 2^32. */
    public static int add(int seq, int n) {
        return seq + n;
    }

    /** The signed distance from {@code from} to {@code to} ({@code to - from} modulo 2^32, as a signed int): negative when {@code to} is behind. */
    public static int distance(int from, int to) {
        return to - from;
    }

    /** The raw bits as an unsigned value, for printing. */
    public static long unsigned(int seq) {
        return Integer.toUnsignedLong(seq);
    }
}
