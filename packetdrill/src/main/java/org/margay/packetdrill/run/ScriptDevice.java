package org.margay.packetdrill.run;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;

/**
 * The link between the stack under test and the script: frames the script injects wait in a queue until the
 * stack's next receive; every frame the stack transmits is copied out with the virtual time it was sent and
 * queued for the checker, and its buffer released at once. No checksum offload, so the stack computes and
 * verifies every checksum itself.
 *
 * <p>Single-threaded (the runner's thread). Inbound frames longer than the MTU are accepted as they are: the
 * script may inject segments larger than the MSS, as packetdrill's tun device does.
 */
final class ScriptDevice implements NetworkDevice {
    /** Large enough for any IPv4 datagram in an Ethernet frame. */
    static final int BUFFER_SIZE = 65_536 + 128;

    private final long mac;
    private final int mtu;
    private final Clock clock;
    private final BufferPool pool;
    private final LinkStatistics statistics = new LinkStatistics();
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private final ArrayDeque<OutboundFrame> outbound = new ArrayDeque<>();
    private java.util.function.Consumer<OutboundFrame> tracer;
    private boolean closed;

    ScriptDevice(long mac, int mtu, Clock clock) {
        this.mac = mac;
        this.mtu = mtu;
        this.clock = clock;
        this.pool = new ArenaBufferPool("packetdrill", 256, BUFFER_SIZE, 0);
    }

    /** Where every transmitted frame is shown as it leaves (null for none). */
    void tracer(java.util.function.Consumer<OutboundFrame> t) {
        tracer = t;
    }

    /** Queues a frame for the stack's next receive. */
    void inject(byte[] frame) {
        inbound.add(frame);
    }

    /** The oldest frame the stack sent and nobody took yet, or null. */
    OutboundFrame takeOutbound() {
        return outbound.poll();
    }

    /** The oldest frame the stack sent, left in the queue, or null. */
    OutboundFrame peekOutbound() {
        return outbound.peek();
    }

    /** Frames sent and not taken yet. */
    int outboundCount() {
        return outbound.size();
    }

    @Override
    public int receive(PacketBurst into) {
        int n = 0;
        while (!into.isFull() && !inbound.isEmpty()) {
            byte[] f = inbound.peek();
            PacketBuffer b = pool.allocate();
            if (b == null) {
                break; // the stack still holds buffers: try on the next poll
            }
            inbound.poll();
            b.append(f.length);
            MemorySegment.copy(MemorySegment.ofArray(f), 0, b.segment(), b.start(), f.length);
            b.timestamp(clock.nanoTime());
            statistics.recordRx(f.length);
            into.add(b);
            n++;
        }
        return n;
    }

    @Override
    public int transmit(PacketBurst from) {
        int n = from.count();
        long now = clock.nanoTime();
        for (int i = 0; i < n; i++) {
            PacketBuffer b = from.get(i);
            byte[] copy = new byte[b.frameLength()];
            b.copyTo(MemorySegment.ofArray(copy), 0);
            statistics.recordTx(copy.length);
            OutboundFrame frame = OutboundFrame.decode(now, copy);
            if (tracer != null) {
                tracer.accept(frame);
            }
            outbound.add(frame);
            b.release();
        }
        from.removeFirst(n);
        return n;
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
        return "packetdrill";
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inbound.clear();
            outbound.clear();
            pool.close();
        }
    }
}
