package org.margay.net.ipv4.frag;

/**
 * Limits of a {@link Reassembler}.
 *
 * @param maxDatagrams    datagrams under reassembly at once (each owns a 64 KiB slot, allocated up front)
 * @param timeoutNanos    how long a datagram may wait for its missing fragments (30 s, as Linux's
 *                        {@code ipfrag_time}; RFC 791 §3.2 suggests 15 s as the lower bound, RFC 1122 §3.3.2
 *                        60–120 s as a maximum)
 * @param perSourceBytes  fragment payload bytes one source address may hold at once
 * @param globalBytes     fragment payload bytes all sources together may hold at once
 * @param maxHoles        hole descriptors per datagram (RFC 815); a datagram needing more is dropped
 */
public record ReassemblyConfig(int maxDatagrams, long timeoutNanos, int perSourceBytes, int globalBytes, int maxHoles) {

    /** 16 datagrams, 30 s, 128 KiB per source, 512 KiB in all, 64 holes. */
    public static ReassemblyConfig defaults() {
        return new ReassemblyConfig(16, 30_000_000_000L, 128 * 1024, 512 * 1024, 64);
    }

    public ReassemblyConfig {
        if (maxDatagrams <= 0 || maxDatagrams > 4096) {
            throw new IllegalArgumentException("maxDatagrams must be in 1..4096, was " + maxDatagrams);
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("reassembly timeout must be positive, was " + timeoutNanos);
        }
        if (perSourceBytes <= 0 || globalBytes <= 0) {
            throw new IllegalArgumentException("reassembly memory caps must be positive");
        }
        if (maxHoles < 2) {
            throw new IllegalArgumentException("maxHoles must be at least 2, was " + maxHoles);
        }
    }

    /** A copy with other memory caps. */
    public ReassemblyConfig withCaps(int perSource, int global) {
        return new ReassemblyConfig(maxDatagrams, timeoutNanos, perSource, global, maxHoles);
    }

    /** A copy with another timeout. */
    public ReassemblyConfig withTimeoutNanos(long nanos) {
        return new ReassemblyConfig(maxDatagrams, nanos, perSourceBytes, globalBytes, maxHoles);
    }

    /** A copy with another number of datagram slots. */
    public ReassemblyConfig withMaxDatagrams(int datagrams) {
        return new ReassemblyConfig(datagrams, timeoutNanos, perSourceBytes, globalBytes, maxHoles);
    }
}
