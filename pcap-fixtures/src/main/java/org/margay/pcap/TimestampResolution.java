package org.margay.pcap;

/**
 * The timestamp unit a {@link CaptureWriter} stores. Classic pcap marks it with the file magic
 * ({@code a1b2c3d4} for microseconds, {@code a1b23c4d} for nanoseconds); pcapng with the IDB option
 * {@code if_tsresol} (6 or 9).
 */
public enum TimestampResolution {
    /** 10^-6 s: nanoseconds written are truncated to whole microseconds. */
    MICROSECONDS(6),
    /** 10^-9 s: exact for every {@code (seconds, nanos)} this module handles. */
    NANOSECONDS(9);

    private final int decimalDigits;

    TimestampResolution(int decimalDigits) {
        this.decimalDigits = decimalDigits;
    }

    /** The power of ten of the unit: 6 or 9 (the pcapng {@code if_tsresol} value). */
    public int decimalDigits() {
        return decimalDigits;
    }
}
