package org.margay.explain.model;

import java.util.Locale;

/** Number formats shared by the printers and the pictures (cold path). */
public final class Text {
    private Text() {
    }

    /** Seconds with microsecond precision, e.g. "0.012345". */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    /** A duration in the most readable unit: "850 µs", "12.3 ms", "1.50 s". */
    public static String duration(long nanos) {
        double abs = Math.abs((double) nanos);
        if (abs < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
        if (abs < 1_000_000_000) {
            return String.format(Locale.ROOT, abs < 10_000_000 ? "%.2f ms" : "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** A byte count: exact below 10,000, else "14.5 KB", "3.2 MB" (powers of 1000, as on the wire). */
    public static String bytes(double bytes) {
        if (bytes >= Long.MAX_VALUE / 2.0) {
            return "inf";
        }
        if (Math.abs(bytes) < 10_000) {
            return String.format(Locale.ROOT, "%.0f", bytes);
        }
        if (Math.abs(bytes) < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
