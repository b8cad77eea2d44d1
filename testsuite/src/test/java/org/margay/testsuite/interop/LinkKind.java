package org.margay.testsuite.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import org.margay.device.dpdk.Eal;
import org.margay.testkit.Capabilities;

/**
 * The devices Margay meets Linux over in the interop tests, each with how the link to Linux is built:
 * <ul>
 *   <li>{@link #TAP}: Margay's own TAP driver ({@code tap:IFNAME}); the kernel side of the TAP is Linux's end.</li>
 *   <li>{@link #DPDK_TAP}: DPDK's {@code net_tap} PMD ({@code dpdk:net_tapN,iface=IFNAME}), same topology.</li>
 *   <li>{@link #AF_PACKET}: an AF_PACKET socket ({@code afpacket:IFNAME}) on one end of a veth pair whose other end
 *       is Linux's, each end in a namespace of its own.</li>
 *   <li>{@link #AF_XDP}: an AF_XDP socket ({@code afxdp:IFNAME}, generic XDP) on the same veth topology.</li>
 * </ul>
 */
enum LinkKind {
    TAP("tap"),
    DPDK_TAP("dpdk-tap"),
    AF_PACKET("afpacket"),
    AF_XDP("afxdp");

    private final String label;

    LinkKind(String label) {
        this.label = label;
    }

    /** A short name for reports and capture file names. */
    String label() {
        return label;
    }

    /** Whether Margay's end is a TAP whose kernel side Linux uses (as opposed to a veth pair). */
    boolean isTap() {
        return this == TAP || this == DPDK_TAP;
    }

    /** Skips (or in CI fails) when this machine cannot build this kind of link. */
    void require() {
        switch (this) {
            case TAP -> Capabilities.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing");
            case DPDK_TAP -> {
                Capabilities.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing");
                Capabilities.require(Eal.shimAvailable(), "DPDK: " + Eal.unavailableReason());
            }
            case AF_PACKET -> Capabilities.require(ServeInteropTest.onPath("ethtool"), "ethtool is not installed");
            case AF_XDP -> {
                Capabilities.require(ServeInteropTest.onPath("ethtool"), "ethtool is not installed");
                Capabilities.require(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libxdp.so.1"))
                        || Files.exists(Path.of("/usr/lib/libxdp.so.1")), "libxdp1 is not installed");
            }
            default -> throw new AssertionError(this);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
