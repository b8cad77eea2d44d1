package org.margay.bench;

import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;

/**
 * For benchmarks only: a device that claims what a checksum-offloading NIC offers. It advertises rx and tx
 * checksum offload and marks every received frame's checksums good, as a NIC does after verifying them; it does
 * not compute transmit checksums, so frames cross the loopback with checksum fields unfilled. This isolates the
 * stack's own per-segment work from the checksum's, which real DPDK NICs take off the CPU.
 */
final class OffloadingDevice implements NetworkDevice {
    private static final DeviceCapabilities ALL = new DeviceCapabilities(true, true, true, true, true, true);
    private final NetworkDevice inner;

    OffloadingDevice(NetworkDevice inner) {
        this.inner = inner;
    }

    @Override
    public int receive(PacketBurst into) {
        int before = into.count();
        int n = inner.receive(into);
        for (int i = before; i < into.count(); i++) {
            PacketBuffer frame = into.get(i);
            frame.offloadFlags(frame.offloadFlags() | PacketBuffer.RX_IPV4_CHECKSUM_GOOD
                    | PacketBuffer.RX_L4_CHECKSUM_GOOD);
        }
        return n;
    }

    @Override
    public int transmit(PacketBurst from) {
        return inner.transmit(from);
    }

    @Override
    public BufferPool pool() {
        return inner.pool();
    }

    @Override
    public long macAddress() {
        return inner.macAddress();
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public DeviceCapabilities capabilities() {
        return ALL;
    }

    @Override
    public LinkStatistics statistics() {
        return inner.statistics();
    }

    @Override
    public String name() {
        return inner.name() + "+offload";
    }

    @Override
    public void close() {
        inner.close();
    }
}
