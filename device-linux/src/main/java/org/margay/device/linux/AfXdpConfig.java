package org.margay.device.linux;

import org.margay.net.common.MacAddress;

/**
 * How to open an {@link AfXdpDevice}. Build with {@link #builder(String)}.
 *
 * @param interfaceName the existing interface (a veth end, a NIC)
 * @param queue         the receive queue to bind (0 on a veth)
 * @param mac           Margay's MAC; {@link #INTERFACE_MAC} (0) takes the interface's. The XDP program sees
 *                      every frame the interface receives, whatever its destination, but a NIC's own filter
 *                      drops unicast frames to other MACs unless the interface is promiscuous
 * @param mtu           the largest IP packet; {@link #INTERFACE_MTU} (0) takes the interface's
 * @param chunks        UMEM chunks (frames) in all: lent to the kernel for receive, and the stack's pool
 * @param chunkBytes    bytes per chunk: 2048 or 4096
 * @param ringSize      entries in each of the four rings (a power of two)
 * @param driverMode    attach the XDP program in native driver mode ({@code XDP_FLAGS_DRV_MODE}); otherwise
 *                      generic mode ({@code XDP_FLAGS_SKB_MODE}), which works on every interface
 */
public record AfXdpConfig(String interfaceName, int queue, long mac, int mtu, int chunks, int chunkBytes, int ringSize,
                          boolean driverMode) {
    /** {@link #mac()} value: use the interface's own MAC. */
    public static final long INTERFACE_MAC = 0;
    /** {@link #mtu()} value: use the interface's MTU. */
    public static final int INTERFACE_MTU = 0;

    public AfXdpConfig {
        InterfaceRequest.checkName(interfaceName);
        if (queue < 0) {
            throw new IllegalArgumentException("queue must not be negative, was " + queue);
        }
        if (mac != INTERFACE_MAC) {
            DeviceDefaults.checkMac(mac);
        }
        if (mtu != INTERFACE_MTU) {
            DeviceDefaults.checkMtu(mtu);
        }
        if (chunkBytes != 2048 && chunkBytes != 4096) {
            throw new IllegalArgumentException("chunk size must be 2048 or 4096 bytes, was " + chunkBytes);
        }
        if (ringSize < 64 || ringSize > 16384 || Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two in 64..16384, was " + ringSize);
        }
        if (chunks < 2 * ringSize || chunks > 1 << 20) {
            throw new IllegalArgumentException("chunks must be in " + 2 * ringSize + ".." + (1 << 20)
                    + " (at least twice the ring size: half feeds the fill ring), was " + chunks);
        }
    }

    /** A builder: queue 0, the interface's MAC and MTU, 4096 chunks of 2048 bytes, rings of 1024, generic mode. */
    public static Builder builder(String interfaceName) {
        return new Builder(interfaceName);
    }

    /** Builds an {@link AfXdpConfig}. */
    public static final class Builder {
        private final String interfaceName;
        private int queue;
        private long mac = INTERFACE_MAC;
        private int mtu = INTERFACE_MTU;
        private int chunks = 4096;
        private int chunkBytes = 2048;
        private int ringSize = 1024;
        private boolean driverMode;

        private Builder(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        /** The receive queue (default 0). */
        public Builder queue(int value) {
            queue = value;
            return this;
        }

        /** Margay's MAC (default: the interface's). */
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

        /** UMEM chunks in all (default 4096). */
        public Builder chunks(int value) {
            chunks = value;
            return this;
        }

        /** Bytes per chunk, 2048 or 4096 (default 2048). */
        public Builder chunkBytes(int value) {
            chunkBytes = value;
            return this;
        }

        /** Entries per ring (default 1024). */
        public Builder ringSize(int value) {
            ringSize = value;
            return this;
        }

        /** Native driver mode instead of generic mode (default off). */
        public Builder driverMode(boolean value) {
            driverMode = value;
            return this;
        }

        /** The validated configuration. */
        public AfXdpConfig build() {
            return new AfXdpConfig(interfaceName, queue, mac, mtu, chunks, chunkBytes, ringSize, driverMode);
        }
    }
}
