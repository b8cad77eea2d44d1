package org.margay.bench;

import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.DeviceCapabilities;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;

/**
 * For benchmarks only: a device that claims what a checksum-offloading NIC offers. It advertises rx and tx
 * checksum offload and marks every received frame's checksums good, as a NIC does after verifying them; it does
 * not compute transmit checksums, so frames cross the loopback with checksum fields unfilled. This isolates the
 * stack's own per-segment work from the checksum's, which real DPDK NICs take off the CPU.
 */
final class OffloadingDevice extends ForwardingDevice {
    private static final DeviceCapabilities ALL = new DeviceCapabilities(true, true, true, true, true, true);

    OffloadingDevice(NetworkDevice inner) {
        super(inner);
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
    public DeviceCapabilities capabilities() {
        return ALL;
    }

    @Override
    public String name() {
        return inner.name() + "+offload";
    }
}
