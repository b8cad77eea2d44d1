package org.margay.device.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct ifreq} from {@code <net/if.h>}, the argument of the interface ioctls (TUNSETIFF, SIOCGIFMTU,
 * SIOCSIFFLAGS, ...): a 16-byte interface name followed by a union of which this class uses the flags, the MTU
 * and the hardware address. Offsets come from the {@link #LAYOUT}, not from magic numbers. Cold path.
 */
final class InterfaceRequest {
    /** {@code struct sockaddr}: a family and 14 bytes of address. */
    private static final StructLayout SOCKADDR = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sa_family"),
            MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("sa_data"));

    /**
     * {@code struct ifreq}: {@code ifr_name[IFNAMSIZ]} then the union {@code ifr_ifru}, whose largest member is
     * {@code struct ifmap} (24 bytes on LP64) and whose alignment comes from {@code ifr_data}: 40 bytes in all.
     */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(LibC.IFNAMSIZ, JAVA_BYTE).withName("ifr_name"),
            MemoryLayout.unionLayout(
                    JAVA_SHORT.withName("ifr_flags"),
                    JAVA_INT.withName("ifr_mtu"),
                    SOCKADDR.withName("ifr_hwaddr"),
                    ADDRESS.withName("ifr_data"),
                    MemoryLayout.sequenceLayout(24, JAVA_BYTE).withName("ifr_map")).withName("ifr_ifru"));

    private static final long FLAGS = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_flags"));
    private static final long MTU = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_mtu"));
    private static final long HWADDR_DATA = LAYOUT.byteOffset(groupElement("ifr_ifru"), groupElement("ifr_hwaddr"),
            groupElement("sa_data"));

    private final MemorySegment segment;

    /** A zeroed request for interface {@code name}, allocated in {@code arena}. */
    InterfaceRequest(Arena arena, String name) {
        segment = arena.allocate(LAYOUT);
        name(name);
    }

    /** The request's memory, to pass to ioctl. */
    MemorySegment segment() {
        return segment;
    }

    /** Writes {@code name} (checked to fit with its terminating zero) into {@code ifr_name}. */
    void name(String name) {
        checkName(name);
        segment.asSlice(0, LibC.IFNAMSIZ).fill((byte) 0);
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
    }

    /** The name the kernel left in {@code ifr_name} (TUNSETIFF fills in a "%d" template). */
    String name() {
        return segment.getString(0, StandardCharsets.US_ASCII);
    }

    short flags() {
        return segment.get(JAVA_SHORT, FLAGS);
    }

    void flags(short value) {
        segment.set(JAVA_SHORT, FLAGS, value);
    }

    int mtu() {
        return segment.get(JAVA_INT, MTU);
    }

    void mtu(int value) {
        segment.set(JAVA_INT, MTU, value);
    }

    /** The hardware address in {@code ifr_hwaddr.sa_data}, as a MAC in the low 48 bits. */
    long hardwareAddress() {
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = (mac << 8) | (segment.get(JAVA_BYTE, HWADDR_DATA + i) & 0xFF);
        }
        return mac;
    }

    /**
     * Checks that {@code name} is a usable interface name: 1 to 15 ASCII characters, no '/', no white space
     * (the kernel's {@code dev_valid_name}).
     */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() >= LibC.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name must have 1.." + (LibC.IFNAMSIZ - 1)
                    + " characters, was " + (name == null ? "null" : "'" + name + "'"));
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name '" + name + "' is not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '/' || c == ':') {
                throw new IllegalArgumentException("interface name '" + name + "' has a character Linux refuses ("
                        + (c <= ' ' ? "white space or control" : "'" + c + "'") + ")");
            }
        }
    }
}
