package org.margay.device.linux;

import java.security.SecureRandom;
import org.margay.net.common.MacAddress;

/** Defaults and checks shared by the device configurations. */
final class DeviceDefaults {
    /** Ethernet's MTU. */
    static final int MTU = 1500;
    /** Buffers per device pool: a few bursts in flight plus the stack's queues. */
    static final int POOL_CAPACITY = 4096;
    /** Room in front of a frame for headers a stack prepends. */
    static final int HEADROOM = 128;
    /** Largest MTU the devices accept (a jumbo frame). */
    static final int MAX_MTU = 9000;

    private DeviceDefaults() {
    }

    /**
     * A random locally administered unicast MAC (IEEE 802: second-least-significant bit of the first octet set,
     * least-significant clear), so two devices rarely collide on one link.
     */
    static long randomLocalMac() {
        long bits = new SecureRandom().nextLong() & 0xFFFF_FFFF_FFFFL;
        return (bits & ~0x0100_0000_0000L) | 0x0200_0000_0000L;
    }

    /** The size of each pool buffer: headroom, then the largest frame, rounded up to a cache line. */
    static int bufferSize(int headroom, int mtu) {
        int raw = headroom + mtu + FdFrameChannel.LINK_OVERHEAD;
        return (raw + 63) / 64 * 64;
    }

    static void checkMtu(int mtu) {
        if (mtu < 68 || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU must be in 68..9000 (RFC 791 §3.2 minimum), was " + mtu);
        }
    }

    static void checkMac(long mac) {
        if (mac <= 0 || mac > 0xFFFF_FFFF_FFFFL || MacAddress.isGroup(mac)) {
            throw new IllegalArgumentException("device MAC must be a unicast address, was "
                    + (mac < 0 || mac > 0xFFFF_FFFF_FFFFL ? Long.toHexString(mac) : MacAddress.format(mac)));
        }
    }

    static void checkPool(int poolCapacity, int headroom) {
        if (poolCapacity <= 0) {
            throw new IllegalArgumentException("pool capacity must be positive, was " + poolCapacity);
        }
        if (headroom < 0 || headroom > 1024) {
            throw new IllegalArgumentException("headroom must be in 0..1024 bytes, was " + headroom);
        }
    }
}
