package org.margay.netsim;

import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.BufferRing;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.impair.Impairment;
import org.margay.net.common.MacAddress;

/**
 * A simulated host's attachment to a {@link SimSwitch}: the {@link NetworkDevice} its stack drives. It has
 * its own buffer pool, MAC address, MTU and bounded receive queue, and two {@link LinkDirection}s (towards
 * the switch and back).
 *
 * <p>{@link #transmit(PacketBurst)} takes every frame in the burst at the network's current virtual time:
 * well-formed frames go onto the link (where a full queue tail-drops them, counted as
 * {@link LinkStatistics#txDrops()}); frames shorter than an Ethernet header or longer than {@code mtu + 18}
 * are refused and counted as {@link LinkStatistics#txErrors()}. Taken frames are released by the simulator.
 * {@link #receive(PacketBurst)} hands over frames that have arrived, each timestamped with its arrival time
 * and owned by this port's pool; a full receive queue drops arrivals ({@link LinkStatistics#rxDrops()}).
 *
 * <p>No checksum offload. Single-threaded, like the whole simulation.
 */
public final class SimPort implements NetworkDevice {
    private static final int ETHERNET_HEADER = 14;
    private static final int MAX_OVERHEAD = 18; // Ethernet header + one 802.1Q tag (IEEE 802.1Q §9)

    private final String name;
    private final long mac;
    private final int mtu;
    private final SimNetwork network;
    private final ArenaBufferPool pool;
    private final BufferRing rxQueue;
    private final LinkStatistics statistics = new LinkStatistics();
    private LinkDirection uplink;
    private LinkDirection downlink;
    private FrameTap tap;
    private boolean closed;
    private final FrameSink sink = this::arrive;

    SimPort(String name, long mac, PortOptions options, SimNetwork network) {
        this.name = name;
        this.mac = mac;
        this.mtu = options.mtu();
        this.network = network;
        this.pool = new ArenaBufferPool(name, options.poolCapacity(), options.bufferSize(), options.headroom(),
                options.trackLeaks());
        this.rxQueue = new BufferRing(options.rxQueueFrames());
    }

    void connect(LinkDirection toSwitch, LinkDirection fromSwitch) {
        this.uplink = toSwitch;
        this.downlink = fromSwitch;
    }

    void tap(FrameTap frameTap) {
        if (tap != null) {
            throw new IllegalStateException("port " + name + " is already being recorded");
        }
        tap = frameTap;
    }

    @Override
    public int receive(PacketBurst into) {
        int received = 0;
        while (!into.isFull()) {
            PacketBuffer frame = rxQueue.poll();
            if (frame == null) {
                break;
            }
            statistics.recordRx(frame.frameLength());
            into.add(frame);
            received++;
        }
        return received;
    }

    @Override
    public int transmit(PacketBurst from) {
        if (closed) {
            return 0;
        }
        long now = network.now();
        int taken = from.count();
        for (int i = 0; i < taken; i++) {
            PacketBuffer frame = from.get(i);
            int length = frame.frameLength();
            if (length < ETHERNET_HEADER || length > mtu + MAX_OVERHEAD) {
                statistics.recordTxError();
                frame.release();
                continue;
            }
            statistics.recordTx(length);
            if (tap != null) {
                tap.record(now, frame, true);
            }
            uplink.send(frame, now);
        }
        from.clear();
        return taken;
    }

    /** Where the link from the switch delivers. */
    FrameSink sink() {
        return sink;
    }

    /** A frame arrives from the switch. */
    private void arrive(PacketBuffer frame, long corruptBit, long now) {
        if (closed) {
            frame.release();
            return;
        }
        PacketBuffer own = frame;
        if (frame.refCount() > 1) {
            // A duplicate shares its buffer: the stack will move the window, so each delivery gets its own.
            own = pool.allocate();
            if (own == null || frame.frameLength() > own.tailroom()) {
                if (own != null) {
                    own.release();
                }
                frame.release();
                statistics.recordRxDrop();
                return;
            }
            frame.copyTo(own);
            frame.release();
        }
        Impairment.flipBit(own, corruptBit);
        own.timestamp(now);
        if (!rxQueue.offer(own)) {
            statistics.recordRxDrop();
            own.release();
            return;
        }
        if (tap != null) {
            tap.record(now, own, false);
        }
    }

    /** The direction from this host to the switch. */
    public LinkDirection toSwitch() {
        return uplink;
    }

    /** The direction from the switch to this host. */
    public LinkDirection fromSwitch() {
        return downlink;
    }

    /** Frames waiting in the receive queue. */
    public int pendingReceive() {
        return rxQueue.size();
    }

    @Override
    public BufferPool pool() {
        return pool;
    }

    @Override
    public long macAddress() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public DeviceCapabilities capabilities() {
        return DeviceCapabilities.NONE;
    }

    @Override
    public LinkStatistics statistics() {
        return statistics;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Stops the port: it takes no more frames, drops arrivals, and releases its queued frames. Its pool stays
     * open until the {@link SimNetwork} closes, since frames from it may still be in flight.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            rxQueue.releaseAll();
        }
    }

    void closePool() {
        pool.close();
    }

    @Override
    public String toString() {
        return "SimPort[" + name + " " + MacAddress.format(mac) + " mtu " + mtu + "]";
    }
}
