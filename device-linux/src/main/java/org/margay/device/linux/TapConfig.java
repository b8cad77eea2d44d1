package org.margay.device.linux;

import org.margay.net.common.MacAddress;

/**
 * How to open a {@link TapDevice}. Build with {@link #builder(String)}.
 *
 * @param interfaceName the TAP interface to create or attach to (1..15 characters; a {@code %d} in it lets the
 *                      kernel pick a free number, {@link TapDevice#interfaceName()} says which)
 * @param mac           Margay's MAC on this link (the kernel side of the TAP has its own, different one)
 * @param mtu           the largest IP packet, for Margay and (when {@code bringUp}) the kernel side
 * @param poolCapacity  buffers in the device's pool
 * @param headroom      bytes in front of each received frame
 * @param bringUp       whether to set the kernel side's MTU and bring it up ({@code SIOCSIFMTU},
 *                      {@code SIOCSIFFLAGS IFF_UP}); otherwise {@code ip link set IF up} does it
 */
public record TapConfig(String interfaceName, long mac, int mtu, int poolCapacity, int headroom, boolean bringUp) {

    public TapConfig {
        InterfaceRequest.checkName(interfaceName);
        DeviceDefaults.checkMac(mac);
        DeviceDefaults.checkMtu(mtu);
        DeviceDefaults.checkPool(poolCapacity, headroom);
    }

    /** A builder for interface {@code interfaceName}: random local MAC, MTU 1500, brought up. */
    public static Builder builder(String interfaceName) {
        return new Builder(interfaceName);
    }

    /** The size of each pool buffer. */
    public int bufferSize() {
        return DeviceDefaults.bufferSize(headroom, mtu);
    }

    /** Builds a {@link TapConfig}. */
    public static final class Builder {
        private final String interfaceName;
        private long mac = DeviceDefaults.randomLocalMac();
        private int mtu = DeviceDefaults.MTU;
        private int poolCapacity = DeviceDefaults.POOL_CAPACITY;
        private int headroom = DeviceDefaults.HEADROOM;
        private boolean bringUp = true;

        private Builder(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        /** Margay's MAC (default: a random locally administered one). */
        public Builder mac(long value) {
            mac = value;
            return this;
        }

        /** Margay's MAC as text. */
        public Builder mac(String text) {
            return mac(MacAddress.parse(text));
        }

        /** The MTU (default 1500). */
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

        /** Whether opening brings the kernel side up (default true). */
        public Builder bringUp(boolean value) {
            bringUp = value;
            return this;
        }

        /** The validated configuration. */
        public TapConfig build() {
            return new TapConfig(interfaceName, mac, mtu, poolCapacity, headroom, bringUp);
        }
    }
}
