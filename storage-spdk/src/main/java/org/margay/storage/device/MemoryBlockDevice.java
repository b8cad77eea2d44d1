package org.margay.storage.device;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage of an in-memory block device: a named, process-wide region that outlives the library OS instances
 * that open it, so a test can close (or "crash") one instance and reopen the same device in the next, as a disk
 * outlives a process. The I/O itself goes through {@link MemoryBackend}.
 *
 * <p>Thread-safe registry; the contents are touched by one library OS at a time.
 */
public final class MemoryBlockDevice {
    private static final Map<String, MemoryBlockDevice> DEVICES = new ConcurrentHashMap<>();

    private final String name;
    private final int blockSize;
    private final Arena arena = Arena.ofShared();
    final MemorySegment contents;

    private MemoryBlockDevice(String name, long capacity, int blockSize) {
        this.name = name;
        this.blockSize = blockSize;
        this.contents = arena.allocate(capacity, 4096);
    }

    /** The device called {@code name}, or null. */
    public static MemoryBlockDevice find(String name) {
        return DEVICES.get(name);
    }

    /** The device called {@code name}, made (zero-filled, {@code capacity} bytes) if it does not exist. */
    public static MemoryBlockDevice obtain(String name, long capacity, int blockSize) {
        if (capacity <= 0 || capacity % blockSize != 0 || Integer.bitCount(blockSize) != 1 || blockSize < 512) {
            throw new IllegalArgumentException("an in-memory device needs a power-of-two block size >= 512 and a capacity that is a"
                    + " positive multiple of it: " + capacity + " / " + blockSize);
        }
        return DEVICES.computeIfAbsent(name, n -> new MemoryBlockDevice(n, capacity, blockSize));
    }

    /** Removes the device and frees its memory. */
    public static void destroy(String name) {
        MemoryBlockDevice d = DEVICES.remove(name);
        if (d != null) {
            d.arena.close();
        }
    }

    public String name() {
        return name;
    }

    public int blockSize() {
        return blockSize;
    }

    public long capacity() {
        return contents.byteSize();
    }

    /** The device's bytes, for tests that inspect or damage them. */
    public MemorySegment contents() {
        return contents;
    }
}
