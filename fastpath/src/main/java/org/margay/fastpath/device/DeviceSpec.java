package org.margay.fastpath.device;

import java.util.Objects;

/**
 * A device named the way the command line and configuration name it: {@code kind:argument}, for example
 * {@code tap:mg0}, {@code dpdk:net_tap0,iface=mtap0}, {@code afpacket:veth0}, {@code afxdp:veth0},
 * {@code shm:/dev/shm/margay-link}, {@code pcap:capture.pcapng}. The kind picks a {@link DeviceProvider};
 * the argument is the provider's (everything after the first colon, colons included).
 *
 * @param kind     the provider's name, lower case
 * @param argument what the provider needs to find the device
 */
public record DeviceSpec(String kind, String argument) {
    /** Checks both parts are present. */
    public DeviceSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argument, "argument");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("device kind is empty");
        }
    }

    /**
     * Parses {@code kind:argument}.
     *
     * @throws IllegalArgumentException naming the expected form when there is no colon or no argument
     */
    public static DeviceSpec parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("a device is written KIND:ARGUMENT (tap:IFNAME, dpdk:VDEV_ARGS, afpacket:IFNAME, "
                    + "afxdp:IFNAME, shm:PATH, pcap:FILE), got '" + text + "'");
        }
        return new DeviceSpec(text.substring(0, colon).toLowerCase(java.util.Locale.ROOT), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return kind + ":" + argument;
    }
}
