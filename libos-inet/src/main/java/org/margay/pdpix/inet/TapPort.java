package org.margay.pdpix.inet;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Sga;
import org.margay.stack.FrameObserver;
import org.margay.stack.InetStack;

/**
 * RAW queues on the inet library OS: a tap on its one link (link index 0). While a RAW queue is attached, every
 * frame the device delivers to the stack is also copied into an element for that queue (the stack still gets
 * it, as Linux's AF_PACKET sockets see frames the kernel consumes too); frames the stack sends are not shown. A
 * pushed element goes straight to the device, beside the stack's own traffic. The library OS shows it the stack's
 * frames only while a queue is attached, so it costs nothing otherwise. One RAW queue at a time.
 */
final class TapPort implements RawLinks, FrameObserver {
    private final InetLibOS os;
    private final NetworkDevice device;
    private final PacketBurst burst = new PacketBurst(1);
    private InetStack stack;
    private RawQueue queue;
    private long drops;

    TapPort(InetLibOS os, NetworkDevice device) {
        this.os = os;
        this.device = device;
    }

    /** Set once the stack exists. */
    void stack(InetStack value) {
        this.stack = value;
    }

    /** Whether a RAW queue is attached (then received frames must be shown to {@link #onFrame}). */
    boolean active() {
        return queue != null;
    }

    /** Frames not copied for lack of elements. */
    long drops() {
        return drops;
    }

    @Override
    public int linkCount() {
        return 1;
    }

    @Override
    public int mtu(int link) {
        return stack.mtu();
    }

    @Override
    public boolean attach(RawQueue q, int link) {
        if (queue != null) {
            return false;
        }
        queue = q;
        os.observersChanged();
        return true;
    }

    @Override
    public void detach(RawQueue q) {
        if (queue == q) {
            queue = null;
            os.observersChanged();
        }
    }

    @Override
    public int transmit(int link, Sga element) {
        PacketBuffer frame = Frames.toFrame(element, device.pool());
        if (frame == null) {
            return Errno.ENOBUFS;
        }
        burst.add(frame);
        if (device.transmit(burst) == 0) {
            burst.releaseAll();
            return AGAIN;
        }
        return Errno.OK;
    }

    @Override
    public void onFrame(boolean outbound, long nowNanos, MemorySegment segment, long offset, int length) {
        RawQueue q = queue;
        if (outbound || q == null) {
            return;
        }
        Sga element = os.sgaPool().allocate((int) Math.min(length, os.maxElement()));
        if (element == null) {
            drops++;
            return;
        }
        element.fill(segment, offset, (int) element.totalLength());
        q.offer(element, 0);
    }

    void close() {
        burst.releaseAll();
    }
}
