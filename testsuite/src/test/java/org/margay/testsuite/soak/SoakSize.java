package org.margay.testsuite.soak;

import java.util.Locale;

/**
 * The sizes the soak tests run at: each test's CI-sized default, or what a system property asks for
 * ({@code -Dmargay.soak.bytes=1G} per direction, {@code -Dmargay.soak.cycles=100000}). Sizes take the suffixes K, M
 * and G (binary: 1K = 1024).
 */
final class SoakSize {
    private SoakSize() {
    }

    /** The bytes per direction: {@code margay.soak.bytes}, or {@code fallback}. */
    static long bytes(long fallback) {
        String text = System.getProperty("margay.soak.bytes");
        return text == null || text.isBlank() ? fallback : parse(text);
    }

    /** A count from property {@code name}, or {@code fallback}. */
    static long count(String name, long fallback) {
        String text = System.getProperty(name);
        return text == null || text.isBlank() ? fallback : parse(text);
    }

    /** Parses {@code 64M}, {@code 1G}, {@code 100000}. */
    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        char last = t.charAt(t.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    /** {@code 64 MiB}, {@code 1 GiB}, or plain bytes. */
    static String format(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        return bytes + " B";
    }
}
