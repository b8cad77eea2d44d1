package org.margay.bench.stack;

import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;

/**
 * For benchmarks only: the device under an {@link org.margay.stack.InetStack} whose per-frame cost is measured.
 * Live, it forwards to a {@link org.margay.fastpath.device.LoopbackPair} side (handshake, ARP, capturing frames
 * the peer stack sent). Scripted, it is a device stub the benchmark drives directly: {@link #receive} hands the
 * stack the frames queued with {@link #inject} (pre-built templates, retained so they survive the stack's release,
 * as a NIC's RX ring would fill them), and {@link #transmit} takes every frame, counts it and releases it at once
 * (as a NIC's TX completion would). Nothing is copied and nothing allocated per frame.
 *
 * <p>With {@code offload}, it advertises what a checksum-offloading NIC offers: on receive it marks every frame's
 * IPv4 and L4 checksums good (the stack then verifies neither); on transmit the stack leaves them to it, and it
 * computes none (nobody reads them). Without, it advertises nothing and the stack does all checksum work.
 */
final class ScriptedDevice extends ForwardingDevice {
    private static final DeviceCapabilities ALL = new DeviceCapabilities(true, true, true, true, true, true);
    private static final int GOOD = PacketBuffer.RX_IPV4_CHECKSUM_GOOD | PacketBuffer.RX_L4_CHECKSUM_GOOD;

    private final boolean offload;
    private final PacketBuffer[] queue = new PacketBuffer[256];
    private final PacketBurst drain = new PacketBurst(64);
    private int head;
    private int tail;
    private boolean scripted;
    private long transmitted;
    private long transmittedBytes;

    ScriptedDevice(NetworkDevice inner, boolean offload) {
        super(inner);
        this.offload = offload;
    }

    /** From now on the loopback is no longer read or written: only injected frames arrive, and sent ones vanish. */
    void scripted(boolean on) {
        scripted = on;
    }

    /** Queues {@code frame} to be received (the caller keeps its own reference). */
    void inject(PacketBuffer frame) {
        queue[tail++ & (queue.length - 1)] = frame;
    }

    /** Frames injected and not yet received. */
    int pending() {
        return tail - head;
    }

    long transmitted() {
        return transmitted;
    }

    long transmittedBytes() {
        return transmittedBytes;
    }

    /** Set-up only: takes every frame waiting on the loopback (the peer's output) without giving it to the stack. */
    int takeWaiting(PacketBuffer[] into, int at) {
        int n = at;
        while (inner.receive(drain) > 0) {
            for (int i = 0; i < drain.count(); i++) {
                into[n++] = drain.get(i);
            }
            drain.clear();
        }
        return n - at;
    }

    @Override
    public int receive(PacketBurst into) {
        if (!scripted) {
            int before = into.count();
            int n = inner.receive(into);
            if (offload) {
                for (int i = before; i < into.count(); i++) {
                    PacketBuffer f = into.get(i);
                    f.offloadFlags(f.offloadFlags() | GOOD);
                }
            }
            return n;
        }
        int n = 0;
        while (head != tail && !into.isFull()) {
            PacketBuffer f = queue[head++ & (queue.length - 1)];
            if (offload) {
                f.offloadFlags(f.offloadFlags() | GOOD);
            }
            into.add(f.retain());
            n++;
        }
        return n;
    }

    @Override
    public int transmit(PacketBurst from) {
        if (!scripted) {
            return inner.transmit(from);
        }
        int n = from.count();
        for (int i = 0; i < n; i++) {
            transmittedBytes += from.get(i).frameLength();
        }
        transmitted += n;
        from.releaseAll();
        return n;
    }

    @Override
    public DeviceCapabilities capabilities() {
        return offload ? ALL : DeviceCapabilities.NONE;
    }

    @Override
    public String name() {
        return inner.name() + (scripted ? "+scripted" : "") + (offload ? "+offload" : "");
    }
}
