package org.margay.netsim;

import org.margay.fastpath.buffer.ArenaBufferPool;

/**
 * How a simulated host port is built: its MTU, its buffer pool and its receive queue.
 *
 * @param mtu             the largest IP packet the port carries; frames longer than {@code mtu + 18}
 *                        (Ethernet header and one 802.1Q tag) are refused as errors
 * @param poolCapacity    buffers in the port's pool (frames the host allocates, and frames copied to it)
 * @param bufferSize      bytes per buffer
 * @param headroom        where a buffer's window starts, leaving room for headers
 * @param rxQueueFrames   frames the receive queue holds before arriving frames are dropped
 * @param trackLeaks      whether the pool records allocation sites for leak reports
 */
public record PortOptions(int mtu, int poolCapacity, int bufferSize, int headroom, int rxQueueFrames, boolean trackLeaks) {

    /** MTU 1500, 1024 buffers of 2048 bytes with 128 bytes of headroom, a 512-frame receive queue; leak
     * tracking per the system property {@value ArenaBufferPool#TRACK_LEAKS_PROPERTY}. */
    public static PortOptions defaults() {
        return new PortOptions(1500, 1024, 2048, 128, 512, Boolean.getBoolean(ArenaBufferPool.TRACK_LEAKS_PROPERTY));
    }

    public PortOptions {
        if (mtu < 68) {
            throw new IllegalArgumentException("mtu must be at least 68 (RFC 791 §3.2), was " + mtu);
        }
        if (rxQueueFrames <= 0) {
            throw new IllegalArgumentException("rxQueueFrames must be positive, was " + rxQueueFrames);
        }
        if (bufferSize - headroom < mtu + 18) {
            throw new IllegalArgumentException("buffers of " + bufferSize + " bytes with " + headroom
                    + " bytes of headroom cannot hold a frame of mtu " + mtu + " + 18");
        }
    }

    /** These options with another MTU. */
    public PortOptions withMtu(int newMtu) {
        return new PortOptions(newMtu, poolCapacity, bufferSize, headroom, rxQueueFrames, trackLeaks);
    }

    /** These options with another receive queue length. */
    public PortOptions withRxQueueFrames(int frames) {
        return new PortOptions(mtu, poolCapacity, bufferSize, headroom, frames, trackLeaks);
    }

    /** These options with leak tracking on or off. */
    public PortOptions withTrackLeaks(boolean track) {
        return new PortOptions(mtu, poolCapacity, bufferSize, headroom, rxQueueFrames, track);
    }

    /** These options with another pool size. */
    public PortOptions withPoolCapacity(int capacity) {
        return new PortOptions(mtu, capacity, bufferSize, headroom, rxQueueFrames, trackLeaks);
    }
}
