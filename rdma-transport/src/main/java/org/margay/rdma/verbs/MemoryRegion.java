package org.margay.rdma.verbs;

/**
 * Registered memory ({@code struct ibv_mr}): a range of the process's memory the device may read and write, named
 * in local work requests by {@link #lkey()} and by remote peers (RDMA WRITE and READ) by {@link #rkey()}. Every
 * address a work request names must lie inside a region registered in the queue pair's protection domain.
 */
public interface MemoryRegion {
    /** The key local scatter-gather entries name. */
    int lkey();

    /** The key a remote peer names for RDMA WRITE and READ (if the region allows remote access). */
    int rkey();

    /** The first address of the region. */
    long address();

    /** The region's length in bytes. */
    long length();

    /** Whether {@code [address, address + length)} lies inside the region. */
    default boolean contains(long address, long length) {
        return address >= address() && length >= 0 && address + length <= address() + length();
    }
}
