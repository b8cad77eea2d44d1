package org.margay.device.dpdk;

import java.util.Map;
import org.margay.fastpath.device.DeviceProvider;
import org.margay.fastpath.device.NetworkDevice;

/**
 * The {@code dpdk:} device kind: {@code dpdk:VDEV_ARGS} probes a virtual device ({@code dpdk:net_tap0,iface=mtap0},
 * {@code dpdk:net_memif0,role=server,socket=/tmp/m.sock}, {@code dpdk:net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap});
 * {@code dpdk:port=N} attaches a port DPDK found itself (a NIC, with {@code -Dmargay.dpdk.pci=true}).
 * EAL arguments come from {@code -Dmargay.dpdk.eal} or {@link Eal#defaultArguments()}.
 */
public final class DpdkDeviceProvider implements DeviceProvider {
    @Override
    public String kind() {
        return "dpdk";
    }

    @Override
    public String description() {
        return "a DPDK port: dpdk:VDEV_ARGS (net_tap0,iface=X | net_memif0,role=server,socket=PATH | net_pcap0,rx_pcap=IN,tx_pcap=OUT) or dpdk:port=N";
    }

    @Override
    public String unavailableReason() {
        return Eal.unavailableReason();
    }

    @Override
    public NetworkDevice open(String argument, Map<String, String> options) {
        try {
            if (argument.startsWith("port=")) {
                return DpdkDevices.attach(Integer.parseInt(argument.substring("port=".length())));
            }
            return DpdkDevices.probe(argument);
        } catch (DpdkUnavailableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dpdk:port=N needs a port number, got " + argument, e);
        }
    }
}
