package org.margay.fastpath.device;

import java.util.Objects;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.BufferRing;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.time.Clock;
import org.margay.net.common.MacAddress;

/**
 * Two {@link NetworkDevice}s wired back to back in memory: what one transmits, the other receives, with no
 * delay, no loss and no copy (the buffer itself moves across; it returns to the sender's pool when the
 * receiver releases it). For tests and demos of two stacks in one thread.
 *
 * <p>Each direction is a bounded ring of {@code ringSize} frames. When the peer's ring is full, transmit
 * takes fewer frames and leaves the rest with the caller (back-pressure, as a full hardware ring does).
 * Received frames carry the clock's time as their timestamp.
 *
 * <p>Single-threaded: both ends are driven from one thread. {@link #close()} closes both ends and their pools.
 */
public final class LoopbackPair implements AutoCloseable {
    /** Default MAC address of end {@link #a()}: a locally administered unicast address. */
    public static final long DEFAULT_MAC_A = 0x02_00_00_00_00_01L;
    /** Default MAC address of end {@link #b()}. */
    public static final long DEFAULT_MAC_B = 0x02_00_00_00_00_02L;

    private final LoopbackDevice a;
    private final LoopbackDevice b;

    /**
     * A pair named {@code name-a} and {@code name-b}, each with its own pool of {@code poolCapacity} buffers
     * of {@code bufferSize} bytes ({@code headroom} in front), rings of {@code ringSize} frames, MTU 1500.
     */
    public LoopbackPair(String name, int poolCapacity, int bufferSize, int headroom, int ringSize, Clock clock) {
        this(name, DEFAULT_MAC_A, DEFAULT_MAC_B, 1500, poolCapacity, bufferSize, headroom, ringSize, clock);
    }

    /** A pair with the given MAC addresses and MTU; otherwise as the shorter constructor. */
    public LoopbackPair(String name, long macA, long macB, int mtu, int poolCapacity, int bufferSize, int headroom,
                        int ringSize, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        a = new LoopbackDevice(name + "-a", macA, mtu, new ArenaBufferPool(name + "-a", poolCapacity, bufferSize, headroom),
                new BufferRing(ringSize), clock);
        b = new LoopbackDevice(name + "-b", macB, mtu, new ArenaBufferPool(name + "-b", poolCapacity, bufferSize, headroom),
                new BufferRing(ringSize), clock);
        a.peer = b;
        b.peer = a;
    }

    /** One end. */
    public NetworkDevice a() {
        return a;
    }

    /** The other end. */
    public NetworkDevice b() {
        return b;
    }

    /** Closes both ends (releasing queued frames), then both pools. */
    @Override
    public void close() {
        a.close();
        b.close();
        a.pool.close();
        b.pool.close();
    }

    /** One end of the pair. */
    private static final class LoopbackDevice implements NetworkDevice {
        private final String name;
        private final long mac;
        private final int mtu;
        private final BufferPool pool;
        private final BufferRing rxRing;
        private final Clock clock;
        private final LinkStatistics statistics = new LinkStatistics();
        private LoopbackDevice peer;
        private boolean closed;

        LoopbackDevice(String name, long mac, int mtu, BufferPool pool, BufferRing rxRing, Clock clock) {
            this.name = name;
            this.mac = mac;
            this.mtu = mtu;
            this.pool = pool;
            this.rxRing = rxRing;
            this.clock = clock;
        }

        @Override
        public int receive(PacketBurst into) {
            int received = 0;
            long now = clock.nanoTime();
            while (!into.isFull()) {
                PacketBuffer frame = rxRing.poll();
                if (frame == null) {
                    break;
                }
                frame.timestamp(now);
                statistics.recordRx(frame.frameLength());
                into.add(frame);
                received++;
            }
            return received;
        }

        @Override
        public int transmit(PacketBurst from) {
            if (closed || peer.closed) {
                return 0;
            }
            int taken = 0;
            while (taken < from.count() && !peer.rxRing.isFull()) {
                PacketBuffer frame = from.get(taken++);
                statistics.recordTx(frame.frameLength());
                peer.rxRing.offer(frame);
            }
            from.removeFirst(taken);
            return taken;
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

        @Override
        public void close() {
            closed = true;
            rxRing.releaseAll();
        }

        @Override
        public String toString() {
            return "LoopbackDevice[" + name + " " + MacAddress.format(mac) + "]";
        }
    }
}
