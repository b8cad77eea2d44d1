package org.margay.pdpix.kernel;

import java.util.Locale;
import org.margay.fastpath.runtime.IdleStrategies;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/**
 * The kernel library OS's settings, read from the {@code kernel.*} keys of a {@link LibOSConfig} (the generic
 * {@code pdpix.*} keys are read by {@link org.margay.pdpix.spi.AbstractLibOS}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #BUFFER_SIZE}</td><td>65536</td><td>bytes per pool buffer; an element has up to 16 of them,
 *       so the default gives {@code maxElement()} = 1 MiB, and a datagram (≤ 65,507 B) is received straight
 *       into one buffer</td></tr>
 *   <tr><td>{@value #BUFFERS}</td><td>512</td><td>buffers in the pool (32 MiB of off-heap memory by default)</td></tr>
 *   <tr><td>{@value #HEADROOM}</td><td>0</td><td>bytes left free in front of each buffer's data (the kernel
 *       prepends no headers)</td></tr>
 *   <tr><td>{@value #TRACK_LEAKS}</td><td>false</td><td>record each buffer's allocation site for leak reports
 *       (allocates per buffer: tests only); also on with {@code -Dmargay.buffers.trackLeaks=true}</td></tr>
 *   <tr><td>{@value #STREAM_STAGE}</td><td>16384</td><td>bytes of each TCP queue's send and receive staging
 *       buffers, which coalesce small pieces (a length prefix and its element, several small elements) into
 *       one system call</td></tr>
 *   <tr><td>{@value #CONNECT_TIMEOUT}</td><td>0</td><td>give up a TCP connect after this long with
 *       {@code ETIMEDOUT}; 0 leaves it to the kernel's SYN retries (about 127 s on Linux)</td></tr>
 *   <tr><td>{@value #IDLE}</td><td>block</td><td>{@code block}, {@code spin} or {@code backoff}
 *       ({@link IdleMode}); when unset, {@code pdpix.idle} is honoured: {@code spin}/{@code noop} spin,
 *       {@code park[:duration]} blocks (at most that long per select, at least 1 ms), {@code backoff[:...]} runs
 *       PDPIX's backoff</td></tr>
 *   <tr><td>{@value #MAX_BLOCK}</td><td>10ms</td><td>the longest one blocking select lasts in {@code block}
 *       mode (a safety net: readiness wakes a wait at once anyway)</td></tr>
 * </table>
 * Durations are a number with a unit: {@code ns}, {@code us}, {@code ms}, {@code s} ({@code 0} needs none).
 *
 * @param bufferSize        bytes per pool buffer
 * @param buffers           buffers in the pool
 * @param headroom          free bytes in front of each buffer's data
 * @param trackLeaks        whether the pool records allocation sites
 * @param streamStage       bytes of each TCP queue's send and receive staging buffers
 * @param connectTimeoutNanos TCP connect limit in nanoseconds, 0 = the kernel's
 * @param idle              how waits idle
 * @param maxBlockNanos     longest single blocking select, in nanoseconds (≥ 1 ms)
 */
public record KernelConfig(int bufferSize, int buffers, int headroom, boolean trackLeaks, int streamStage,
                           long connectTimeoutNanos, IdleMode idle, long maxBlockNanos) {
    /** Key: bytes per pool buffer. */
    public static final String BUFFER_SIZE = "kernel.buffer-size";
    /** Key: buffers in the pool. */
    public static final String BUFFERS = "kernel.buffers";
    /** Key: headroom of each buffer. */
    public static final String HEADROOM = "kernel.headroom";
    /** Key: record allocation sites. */
    public static final String TRACK_LEAKS = "kernel.track-leaks";
    /** Key: TCP staging buffer size. */
    public static final String STREAM_STAGE = "kernel.stream-stage";
    /** Key: TCP connect time limit. */
    public static final String CONNECT_TIMEOUT = "kernel.connect-timeout";
    /** Key: idle mode. */
    public static final String IDLE = "kernel.idle";
    /** Key: longest blocking select. */
    public static final String MAX_BLOCK = "kernel.max-block";

    static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
    static final int DEFAULT_BUFFERS = 512;
    static final int DEFAULT_STREAM_STAGE = 16 * 1024;
    static final long DEFAULT_MAX_BLOCK = 10_000_000L;
    private static final long ONE_MS = 1_000_000L;

    /** Checks the ranges. */
    public KernelConfig {
        check(bufferSize >= 256 && bufferSize <= (64 << 20), BUFFER_SIZE, bufferSize, "256 .. 64 MiB");
        check(buffers >= 1, BUFFERS, buffers, "at least 1");
        check(headroom >= 0 && headroom < bufferSize, HEADROOM, headroom, "0 .. buffer size - 1");
        check(streamStage >= 512 && streamStage <= (16 << 20), STREAM_STAGE, streamStage, "512 .. 16 MiB");
        check(connectTimeoutNanos >= 0, CONNECT_TIMEOUT, connectTimeoutNanos, "0 or more");
        check(maxBlockNanos >= ONE_MS, MAX_BLOCK, maxBlockNanos, "at least 1ms");
        if (idle == null) {
            throw new PdpixException(Errno.EINVAL, "configuration " + IDLE + " must be set");
        }
    }

    /** Every default. */
    public static KernelConfig defaults() {
        return from(LibOSConfig.of(KernelLibOS.NAME));
    }

    /**
     * Reads the {@code kernel.*} keys (and {@code pdpix.idle} when {@code kernel.idle} is unset).
     *
     * @throws PdpixException {@link Errno#EINVAL} naming the key and the bad value
     */
    public static KernelConfig from(LibOSConfig config) {
        int bufferSize = config.getInt(BUFFER_SIZE, DEFAULT_BUFFER_SIZE);
        int buffers = config.getInt(BUFFERS, DEFAULT_BUFFERS);
        int headroom = config.getInt(HEADROOM, 0);
        boolean trackLeaks = config.getBoolean(TRACK_LEAKS, Boolean.getBoolean("margay.buffers.trackLeaks"));
        int stage = config.getInt(STREAM_STAGE, DEFAULT_STREAM_STAGE);
        long connectTimeout = duration(CONNECT_TIMEOUT, config.get(CONNECT_TIMEOUT, "0"));
        long maxBlock = duration(MAX_BLOCK, config.get(MAX_BLOCK, "10ms"));
        IdleMode idle;
        String kernelIdle = config.get(IDLE, null);
        if (kernelIdle != null) {
            idle = switch (kernelIdle.trim().toLowerCase(Locale.ROOT)) {
                case "block" -> IdleMode.BLOCK;
                case "spin" -> IdleMode.SPIN;
                case "backoff" -> IdleMode.BACKOFF;
                default -> throw bad(IDLE, kernelIdle, "block, spin or backoff");
            };
        } else {
            String generic = config.get(LibOSConfig.IDLE, null);
            if (generic == null) {
                idle = IdleMode.BLOCK;
            } else {
                try {
                    IdleStrategies.parse(generic);      // the same check AbstractLibOS makes
                } catch (IllegalArgumentException e) {
                    throw new PdpixException(Errno.EINVAL, "configuration " + LibOSConfig.IDLE + "=" + generic + ": " + e.getMessage(), e);
                }
                String g = generic.strip().toLowerCase(Locale.ROOT);
                if (g.equals("park") || g.startsWith("park:")) {
                    idle = IdleMode.BLOCK;              // sleep in epoll rather than park blind
                    if (config.get(MAX_BLOCK, null) == null) {
                        long park = g.equals("park") ? IdleStrategies.DEFAULT_PARK_NANOS : duration(LibOSConfig.IDLE, g.substring(5));
                        maxBlock = Math.max(ONE_MS, park);
                    }
                } else if (g.startsWith("spin") || g.startsWith("busy") || g.startsWith("noop") || g.startsWith("no-op")) {
                    idle = IdleMode.SPIN;
                } else {
                    idle = IdleMode.BACKOFF;            // backoff[:...]: AbstractLibOS runs it
                }
            }
        }
        return new KernelConfig(bufferSize, buffers, headroom, trackLeaks, stage, connectTimeout, idle, maxBlock);
    }

    /** The largest element the pool can give: 16 segments of one buffer each, minus headroom. */
    public long maxElement() {
        return 16L * (bufferSize - headroom);
    }

    /** Whether a whole datagram (up to 65,507 bytes) fits in one pool buffer, so it is received without a copy. */
    boolean datagramsFitOneBuffer() {
        return bufferSize - headroom >= DatagramQueue.MAX_DATAGRAM;
    }

    /** The largest element a length-prefixed stream accepts from its peer. */
    int maxFramedElement() {
        return (int) Math.min(Framing.MAX_ELEMENT, maxElement());
    }

    /** Parses a duration ({@code 0}, or a whole number with ns, us, µs, ms or s) into nanoseconds. */
    static long duration(String key, String text) {
        if (text.strip().equals("0")) {
            return 0;
        }
        try {
            return IdleStrategies.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, text, "a duration such as 250ms (a whole number and ns, us, ms or s)");
        }
    }

    private static void check(boolean ok, String key, long value, String range) {
        if (!ok) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + value + " is out of range (" + range + ")");
        }
    }

    private static PdpixException bad(String key, String value, String expected) {
        return new PdpixException(Errno.EINVAL, "configuration " + key + "=" + value + " is not " + expected);
    }
}
