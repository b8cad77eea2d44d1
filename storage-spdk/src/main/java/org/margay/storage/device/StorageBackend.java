package org.margay.storage.device;

import java.lang.foreign.MemorySegment;

/**
 * A kind of storage the storage library OS can put its queues on: SPDK's user-space NVMe driver, the kernel's
 * io_uring over files or block devices, or memory. One backend per library OS instance; it opens the devices
 * ({@link #open}) and reaps the completions of all of them at once ({@link #poll}), so one duty cycle serves every
 * queue.
 *
 * <p>The backend also owns the memory I/O is done with ({@link #ioMemory}): aligned for O_DIRECT, DMA-able for SPDK,
 * registered with io_uring as a fixed buffer. The library OS's memory manager carves its pools from it, so
 * applications never register memory themselves. Single-threaded.
 */
public interface StorageBackend extends AutoCloseable {
    /** The backend's name ({@code memory}, {@code io_uring}, {@code spdk}). */
    String name();

    /** The alignment every buffer, offset and length must have. */
    int alignment();

    /**
     * {@code bytes} of memory for I/O, aligned to {@link #alignment()} and registered with the device where the
     * backend registers memory. Valid until {@link #close()}; called at start-up, not per operation.
     */
    MemorySegment ioMemory(long bytes);

    /**
     * Opens {@code target}; {@code create} makes it if it does not exist, sized {@code capacity} bytes (files).
     *
     * @throws StorageException with an errno and a message naming the target
     */
    BlockDevice open(String target, boolean create, long capacity);

    /** Hands queued requests to the device (io_uring_submit); returns how many. */
    int submit();

    /** Delivers completed requests to {@code sink}; returns how many. Allocation-free. */
    int poll(IoCompletions sink);

    /** Closes every device and frees the I/O memory. */
    @Override
    void close();
}
