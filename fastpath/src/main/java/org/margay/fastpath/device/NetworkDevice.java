package org.margay.fastpath.device;

import org.margay.fastpath.buffer.BufferPool;

/**
 * One link as a stack sees it: bursts of Ethernet frames in and out, polled by a single thread. Every device
 * Margay drives (the simulator's ports, the loopback pair, and later DPDK, TAP, AF_XDP and shared-memory
 * rings) implements this interface, and the stack knows nothing else about it.
 *
 * <h2>Ownership</h2>
 * <ul>
 *   <li>{@link #receive(PacketBurst)}: each buffer the device appends to the burst is handed to the caller
 *       with one reference, which the caller must eventually release.</li>
 *   <li>{@link #transmit(PacketBurst)}: the device takes {@code n} buffers from the front of the burst and
 *       returns {@code n}; it owns those from then on and releases them once sent (or dropped). The burst is
 *       left holding only the frames the device did not take, moved to its front in their order; they
 *       still belong to the caller, who retries them later or releases them. A caller that wants to keep a
 *       frame (for retransmission) {@link org.margay.fastpath.buffer.PacketBuffer#retain() retains} it
 *       before transmitting.</li>
 * </ul>
 *
 * <h2>Threading and cost</h2>
 * One thread calls {@code receive} and {@code transmit}; neither blocks, and neither allocates per frame in
 * steady state. {@link #statistics()} may be read from any thread.
 *
 * <p>Frames are whole Ethernet frames without the FCS; a frame may be a
 * {@link org.margay.fastpath.buffer.PacketBuffer#next() chain}.
 */
public interface NetworkDevice extends AutoCloseable {
    /**
     * Appends up to {@code into.freeSpace()} received frames to {@code into} and returns how many it
     * appended (0 when none are waiting). Ownership of each appended buffer passes to the caller.
     */
    int receive(PacketBurst into);

    /**
     * Takes frames from the front of {@code from}, returns how many it took, and removes them from the burst.
     * The device owns and releases the frames it took; the rest stay in {@code from} with the caller.
     */
    int transmit(PacketBurst from);

    /** The pool a stack allocates frames from when it transmits on this device. */
    BufferPool pool();

    /** The device's MAC address, in the low 48 bits ({@link org.margay.net.common.MacAddress}). */
    long macAddress();

    /** The largest IP packet the link carries, in bytes (1500 for Ethernet). */
    int mtu();

    /** The checksum offloads this device performs. */
    DeviceCapabilities capabilities();

    /** The device's live traffic counters. */
    LinkStatistics statistics();

    /** A short name for messages and captures. */
    String name();

    /** Stops the device and releases every frame it still owns. Idempotent. */
    @Override
    void close();
}
