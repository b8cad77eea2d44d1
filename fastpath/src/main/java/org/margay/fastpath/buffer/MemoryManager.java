package org.margay.fastpath.buffer;

import java.util.List;

/**
 * Where a stack, its libOS and its applications get packet memory: the device-specific {@link BufferPool}s
 * behind one interface. Today the pools are off-heap arenas ({@link ArenaMemoryManager}); DPDK mbuf pools and
 * RDMA-registered regions plug in later as further {@code BufferPool} implementations, so applications never
 * register memory themselves: whatever they allocate here is already usable by the device.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>{@link #allocate(int)} hands out either everything asked for or nothing: a single buffer, or a
 *       scatter-gather chain linked through {@link PacketBuffer#next()}, whose
 *       {@link PacketBuffer#frameLength()} equals the size asked; on exhaustion it returns {@code null},
 *       counts a failure and holds no buffer back;</li>
 *   <li>buffers keep the free-protection of {@link PacketBuffer}: an application may release a buffer a
 *       device or a retransmission queue still holds, and the memory returns only at the last release;</li>
 *   <li>the first segment keeps the pool's headroom, so lower layers prepend headers without copying;</li>
 *   <li>allocating allocates no Java objects (unless leak tracking is on).</li>
 * </ul>
 * Threading follows the pools: {@link ArenaMemoryManager} is single-threaded (the loop's thread).
 */
public interface MemoryManager extends AutoCloseable {
    /** The pool for single frames (the smallest buffers): what a device's receive path allocates from. */
    BufferPool pool();

    /** Every pool, smallest buffers first. */
    List<BufferPool> pools();

    /**
     * A buffer, or a chain of buffers from one pool, whose data windows together hold exactly {@code size}
     * bytes (contents unspecified: stale bytes of earlier packets); {@code null} when no pool has room, counted
     * in {@link #allocationFailures()}. A size that fits one buffer gets one buffer (the smallest that fits);
     * a larger one gets a chain of the largest buffers, its first segment with headroom and the others without.
     *
     * @throws IllegalArgumentException if {@code size} is negative or above {@link #maxAllocation()}
     */
    PacketBuffer allocate(int size);

    /** The largest size {@link #allocate(int)} accepts (what it could serve with every buffer free). */
    int maxAllocation();

    /** The headroom in front of the first segment of an {@link #allocate(int)}ed buffer. */
    int headroom();

    /** Times {@link #allocate(int)} returned {@code null}. */
    long allocationFailures();

    /** Buffers held by somebody, over all pools. */
    int outstanding();

    /** A snapshot of the counters. */
    MemoryStats stats();

    /** The leak reports of every pool with outstanding buffers, or the empty string. */
    String leakReport();

    /**
     * Throws a {@link BufferLeakError} carrying {@link #leakReport()} if any buffer is outstanding. Meant for
     * the end of a test or of a stack's life, when every holder should have released.
     */
    default void assertNoLeaks() {
        if (outstanding() != 0) {
            throw new BufferLeakError(leakReport());
        }
    }

    /** Frees every pool's memory; buffers still held become unusable. */
    @Override
    void close();
}
