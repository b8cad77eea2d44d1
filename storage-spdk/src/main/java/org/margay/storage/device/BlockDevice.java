package org.margay.storage.device;

import java.lang.foreign.MemorySegment;

/**
 * One block device, file or namespace a storage queue lives on, as its {@link StorageBackend} opened it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Offsets and lengths are multiples of {@link #blockSize()}; buffers come from the backend's I/O memory
 *       ({@link StorageBackend#ioMemory}) and are aligned to {@link StorageBackend#alignment()} (what O_DIRECT and
 *       DMA require).</li>
 *   <li>{@link #read}, {@link #write} and {@link #flush} only queue the request and return 0, or a negated errno
 *       ({@code -EAGAIN} when the submission queue is full: try again after reaping completions); the result comes
 *       later through {@link StorageBackend#poll}. They allocate nothing.</li>
 *   <li>A write that completed survives the process being killed; a {@link #flush} that completed makes every write
 *       completed before it survive power loss too. A write in flight when the process dies may be applied in part,
 *       block by block, in any order: the log format above never trusts such blocks (records carry checksums).</li>
 * </ul>
 */
public interface BlockDevice extends AutoCloseable {
    /** What the device was opened as (a path, a name, an NVMe transport id). */
    String target();

    /** The unit of I/O in bytes (a power of two, at least 512). */
    int blockSize();

    /** The usable size in bytes (a multiple of {@link #blockSize()}). */
    long capacity();

    /** Queues a read of {@code length} bytes at {@code deviceOffset} into {@code buffer} at {@code bufferOffset}. */
    int read(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset);

    /** Queues a write of {@code length} bytes from {@code buffer} at {@code bufferOffset} to {@code deviceOffset}. */
    int write(long tag, MemorySegment buffer, long bufferOffset, int length, long deviceOffset);

    /** Queues a flush of the device's volatile cache (fdatasync, NVMe FLUSH). */
    int flush(long tag);

    /** Closes the device (requests still queued complete with an error or not at all). */
    @Override
    void close();
}
