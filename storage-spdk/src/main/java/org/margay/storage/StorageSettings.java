package org.margay.storage;

import java.util.Locale;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/**
 * The storage library OS's configuration, from {@code storage.*} keys; a bad value is a {@link PdpixException}
 * ({@link Errno#EINVAL}) naming its key.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code storage.backend}</td><td>{@code io_uring} (default), {@code memory} or {@code spdk}</td></tr>
 *   <tr><td>{@code storage.block-size}</td><td>the I/O unit and alignment in bytes (4096; 512 and up, a power of two)</td></tr>
 *   <tr><td>{@code storage.capacity}</td><td>bytes of a log created on a new file or memory device (64 MiB)</td></tr>
 *   <tr><td>{@code storage.element-size}, {@code storage.elements}</td><td>the element pool (65536 × 256; elements up to
 *       16 × element-size)</td></tr>
 *   <tr><td>{@code storage.batch-buffers}</td><td>buffers for batches of records being written, and for reading records
 *       larger than one element buffer (16; each holds the largest element)</td></tr>
 *   <tr><td>{@code storage.batches-in-flight}</td><td>writes in flight per queue (8)</td></tr>
 *   <tr><td>{@code storage.reads-in-flight}</td><td>reads in flight per queue (32)</td></tr>
 *   <tr><td>{@code storage.queue-depth}</td><td>the backend's submission queue (256)</td></tr>
 *   <tr><td>{@code storage.durable}</td><td>{@code true}: every write is durable against power loss when it completes
 *       (RWF_DSYNC, NVMe FUA); {@code false} (default): against a killed process, and {@code flush} makes it durable
 *       against power loss</td></tr>
 * </table>
 */
record StorageSettings(String backend, int blockSize, long capacity, int elementSize, int elements, int batchBuffers,
                       int batchesInFlight, int readsInFlight, int queueDepth, boolean durable) {

    static StorageSettings from(LibOSConfig c) {
        String backend = c.get("storage.backend", "io_uring").trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("io_uring") && !backend.equals("memory") && !backend.equals("spdk")) {
            throw new PdpixException(Errno.EINVAL, "configuration storage.backend=" + backend + " must be io_uring, memory or spdk");
        }
        int blockSize = range(c, "storage.block-size", 4096, 512, 1 << 16);
        if (Integer.bitCount(blockSize) != 1) {
            throw new PdpixException(Errno.EINVAL, "configuration storage.block-size=" + blockSize + " must be a power of two");
        }
        long capacity = size(c, "storage.capacity", 64L << 20);
        if (capacity < 64L * blockSize || capacity % blockSize != 0) {
            throw new PdpixException(Errno.EINVAL, "configuration storage.capacity=" + capacity + " must be a multiple of the block size and"
                    + " at least 64 blocks");
        }
        int elementSize = range(c, "storage.element-size", 65536, blockSize * 4, 1 << 24);
        if (elementSize % blockSize != 0) {
            throw new PdpixException(Errno.EINVAL, "configuration storage.element-size=" + elementSize + " must be a multiple of the"
                    + " block size " + blockSize);
        }
        return new StorageSettings(backend, blockSize, capacity, elementSize, range(c, "storage.elements", 256, 4, 1 << 20),
                range(c, "storage.batch-buffers", 16, 2, 4096), range(c, "storage.batches-in-flight", 8, 1, 1024),
                range(c, "storage.reads-in-flight", 32, 1, 4096), range(c, "storage.queue-depth", 256, 8, 32768),
                c.getBoolean("storage.durable", false));
    }

    private static int range(LibOSConfig c, String key, int fallback, int min, int max) {
        int v = c.getInt(key, fallback);
        if (v < min || v > max) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " must be " + min + ".." + max);
        }
        return v;
    }

    /** A size such as {@code 65536}, {@code 64k}, {@code 64m}, {@code 1g}. */
    private static long size(LibOSConfig c, String key, long fallback) {
        String v = c.get(key, null);
        if (v == null) {
            return fallback;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1L << 10;
        } else if (t.endsWith("m")) {
            unit = 1L << 20;
        } else if (t.endsWith("g")) {
            unit = 1L << 30;
        }
        try {
            long n = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1));
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " is not a size (65536, 64k, 64m, 1g)", e);
        }
    }

    /** The largest element: 16 segments of an element buffer. */
    long maxElement() {
        return 16L * elementSize;
    }

    /** Bytes of a batch buffer: the largest record, plus a block on either side for alignment. */
    int batchBufferSize() {
        return (int) LogFormat.alignUp(LogFormat.recordBytes(maxElement()) + 2L * blockSize, blockSize);
    }
}
