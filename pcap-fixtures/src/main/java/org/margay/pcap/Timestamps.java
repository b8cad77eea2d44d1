package org.margay.pcap;

/**
 * Converts capture timestamps to (epoch seconds, nanoseconds) without allocation or floating point.
 *
 * <p>pcapng {@code if_tsresol} (draft-ietf-opsawg-pcapng §4.2): if the top bit is 0 the unit is
 * 10^-n s, otherwise 2^-n s with n the low 7 bits; the default is 6 (microseconds). Conversions are exact
 * whenever the unit is a whole number of nanoseconds; finer units are truncated toward zero.
 */
final class Timestamps {
    /** 10^0 .. 10^19 as unsigned 64-bit values (10^19 does not fit a signed long). */
    private static final long[] POW10 = new long[20];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Timestamps() {
    }

    /** Whole seconds of an unsigned count {@code ticks} of units given by {@code tsresol}. */
    static long seconds(long ticks, int tsresol) {
        int n = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            return n < POW10.length ? Long.divideUnsigned(ticks, POW10[n]) : 0;
        }
        return n == 0 ? ticks : n < 64 ? ticks >>> n : 0;
    }

    /** Nanoseconds (0..999,999,999) within the second of an unsigned count {@code ticks} of {@code tsresol} units. */
    static int nanos(long ticks, int tsresol) {
        int n = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            long fraction = n < POW10.length ? Long.remainderUnsigned(ticks, POW10[n]) : ticks;
            if (n <= 9) {
                return (int) (fraction * POW10[9 - n]);
            }
            return n - 9 < POW10.length ? (int) Long.divideUnsigned(fraction, POW10[n - 9]) : 0;
        }
        if (n == 0) {
            return 0;
        }
        long fraction = n < 64 ? ticks & ((1L << n) - 1) : ticks;
        // floor(fraction * 10^9 / 2^n) with a 128-bit product.
        long high = Math.unsignedMultiplyHigh(fraction, NANOS_PER_SECOND);
        long low = fraction * NANOS_PER_SECOND;
        if (n < 64) {
            return (int) ((high << (64 - n)) | (low >>> n));
        }
        return (int) (high >>> (n - 64));
    }
}
