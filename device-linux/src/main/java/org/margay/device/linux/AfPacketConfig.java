package org.margay.device.linux;

import org.margay.net.common.MacAddress;

/**
 * How to open an {@link AfPacketDevice}. Build with {@link #builder(String)}.
 *
 * @param interfaceName     the existing interface to bind to (a veth end, a NIC)
 * @param mac               Margay's MAC on the link; {@link #INTERFACE_MAC} (0) takes the interface's own. With
 *                          a MAC of its own Margay needs {@code promiscuous} (the NIC filters otherwise); sharing
 *                          the interface's MAC works only while the kernel has no IPv4 address on it
 * @param mtu               the largest IP packet; {@link #INTERFACE_MTU} (0) takes the interface's
 * @param poolCapacity      buffers in the device's pool
 * @param headroom          bytes in front of each received frame
 * @param promiscuous       whether to put the interface in promiscuous mode for as long as the socket lives
 *                          ({@code PACKET_ADD_MEMBERSHIP PACKET_MR_PROMISC}; undone by the kernel at close)
 * @param socketBufferBytes the socket's receive and send buffer sizes; 0 keeps the kernel's defaults
 */
public record AfPacketConfig(String interfaceName, long mac, int mtu, int poolCapacity, int headroom,
                             boolean promiscuous, int socketBufferBytes) {
    /** {@link #mac()} value: use the interface's own MAC. */
    public static final long INTERFACE_MAC = 0;
    /** {@link #mtu()} value: use the interface's MTU. */
    public static final int INTERFACE_MTU = 0;

    public AfPacketConfig {
        InterfaceRequest.checkName(interfaceName);
        if (mac != INTERFACE_MAC) {
            DeviceDefaults.checkMac(mac);
        }
        if (mtu != INTERFACE_MTU) {
            DeviceDefaults.checkMtu(mtu);
        }
        DeviceDefaults.checkPool(poolCapacity, headroom);
        if (socketBufferBytes < 0) {
            throw new IllegalArgumentException("socket buffer size must not be negative, was " + socketBufferBytes);
        }
    }

    /** A builder for {@code interfaceName}: the interface's MAC and MTU, not promiscuous, 4 MiB socket buffers. */
    public static Builder builder(String interfaceName) {
        return new Builder(interfaceName);
    }

    /** Builds an {@link AfPacketConfig}. */
    public static final class Builder {
        private final String interfaceName;
        private long mac = INTERFACE_MAC;
        private int mtu = INTERFACE_MTU;
        private int poolCapacity = DeviceDefaults.POOL_CAPACITY;
        private int headroom = DeviceDefaults.HEADROOM;
        private boolean promiscuous;
        private int socketBufferBytes = 4 << 20;

        private Builder(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        /** Margay's MAC (default: the interface's); a MAC of its own usually wants {@link #promiscuous}. */
        public Builder mac(long value) {
            mac = value;
            return this;
        }

        /** Margay's MAC as text. */
        public Builder mac(String text) {
            return mac(MacAddress.parse(text));
        }

        /** The MTU (default: the interface's). */
        public Builder mtu(int value) {
            mtu = value;
            return this;
        }

        /** Buffers in the pool (default 4096). */
        public Builder poolCapacity(int value) {
            poolCapacity = value;
            return this;
        }

        /** Headroom of each buffer (default 128). */
        public Builder headroom(int value) {
            headroom = value;
            return this;
        }

        /** Promiscuous mode while open (default off). */
        public Builder promiscuous(boolean value) {
            promiscuous = value;
            return this;
        }

        /** Socket buffer sizes in bytes (default 4 MiB; 0 keeps the kernel's). */
        public Builder socketBufferBytes(int value) {
            socketBufferBytes = value;
            return this;
        }

        /** The validated configuration. */
        public AfPacketConfig build() {
            return new AfPacketConfig(interfaceName, mac, mtu, poolCapacity, headroom, promiscuous, socketBufferBytes);
        }
    }
}
