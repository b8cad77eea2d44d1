package org.margay.device.linux;

import org.margay.net.common.MacAddress;

/**
 * The geometry of a shared-memory link ({@link ShmDevice}), chosen by the side that creates the file and read
 * back from the file by the side that attaches. Build with {@link #builder()}.
 *
 * @param slotsPerSide how many frame slots each side owns (a power of two, 2..65536): the most frames one
 *                     side can have in flight towards the other
 * @param slotBytes    bytes per slot (a multiple of 64, room for {@code headroom + mtu + 18})
 * @param mtu          the largest IP packet on the link
 * @param headroom     where a freshly allocated buffer's window starts in its slot
 * @param macA         the creating side's MAC
 * @param macB         the attaching side's MAC
 */
public record ShmConfig(int slotsPerSide, int slotBytes, int mtu, int headroom, long macA, long macB) {
    /** Default MAC of side A (the creator): locally administered. */
    public static final long DEFAULT_MAC_A = 0x02_6D_73_68_00_01L;
    /** Default MAC of side B (the attacher). */
    public static final long DEFAULT_MAC_B = 0x02_6D_73_68_00_02L;

    public ShmConfig {
        if (slotsPerSide < 2 || slotsPerSide > 65536 || Integer.bitCount(slotsPerSide) != 1) {
            throw new IllegalArgumentException("slots per side must be a power of two in 2..65536, was " + slotsPerSide);
        }
        DeviceDefaults.checkMtu(mtu);
        if (headroom < 0 || headroom > 1024) {
            throw new IllegalArgumentException("headroom must be in 0..1024 bytes, was " + headroom);
        }
        int needed = headroom + mtu + FdFrameChannel.LINK_OVERHEAD;
        if (slotBytes % 64 != 0 || slotBytes < needed || slotBytes > 65536) {
            throw new IllegalArgumentException("slot size must be a multiple of 64 in " + needed + "..65536 (headroom "
                    + headroom + " + MTU " + mtu + " + 18), was " + slotBytes);
        }
        DeviceDefaults.checkMac(macA);
        DeviceDefaults.checkMac(macB);
        if (macA == macB) {
            throw new IllegalArgumentException("the two sides need different MACs, both are " + MacAddress.format(macA));
        }
    }

    /** A builder: 1024 slots per side, MTU 1500, headroom 128, slots just big enough, the default MACs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ShmConfig}. */
    public static final class Builder {
        private int slotsPerSide = 1024;
        private int slotBytes;
        private int mtu = DeviceDefaults.MTU;
        private int headroom = DeviceDefaults.HEADROOM;
        private long macA = DEFAULT_MAC_A;
        private long macB = DEFAULT_MAC_B;

        private Builder() {
        }

        /** Slots per side (a power of two; default 1024). */
        public Builder slotsPerSide(int value) {
            slotsPerSide = value;
            return this;
        }

        /** Bytes per slot (default: headroom + MTU + 18 rounded up to 64). */
        public Builder slotBytes(int value) {
            slotBytes = value;
            return this;
        }

        /** The MTU (default 1500). */
        public Builder mtu(int value) {
            mtu = value;
            return this;
        }

        /** Headroom in each slot (default 128). */
        public Builder headroom(int value) {
            headroom = value;
            return this;
        }

        /** The MACs of side A and side B. */
        public Builder macs(long a, long b) {
            macA = a;
            macB = b;
            return this;
        }

        /** The validated configuration. */
        public ShmConfig build() {
            int bytes = slotBytes != 0 ? slotBytes : DeviceDefaults.bufferSize(headroom, mtu);
            return new ShmConfig(slotsPerSide, bytes, mtu, headroom, macA, macB);
        }
    }
}
