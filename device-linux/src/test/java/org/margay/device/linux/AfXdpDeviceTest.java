package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Margay on an AF_XDP socket (libxdp's program in generic mode) on one end of a veth pair, Linux on the other,
 * each end in a namespace of its own, as in {@link AfPacketDeviceTest}: {@code xg0} (Margay's namespace) and
 * {@code lx0} with 10.213.3.1/24.
 */
class AfXdpDeviceTest extends KernelPeerScenarios {
    private Netns margay;
    private AfXdpDevice xdp;

    @Override
    protected String kind() {
        return "afxdp";
    }

    @BeforeAll
    void openXdpSocket() {
        HostSupport.assumeRootNetworking();
        HostSupport.assumeTools("ping", "ethtool");
        assumeTrue(AfXdpDevice.unavailableReason() == null, AfXdpDevice.unavailableReason());
        margay = Netns.create("xdm");
        linux = Netns.create("xdl");
        linuxInterface = "lx0";
        linuxIp = "10.213.3.1";
        margay.exec("ip", "link", "add", "xg0", "type", "veth", "peer", "name", "lx0", "netns", linux.name());
        margay.tryExec("sysctl", "-qw", "net.ipv6.conf.xg0.disable_ipv6=1");
        linux.tryExec("sysctl", "-qw", "net.ipv6.conf.lx0.disable_ipv6=1");
        margay.exec("ethtool", "-K", "xg0", "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        linux.exec("ethtool", "-K", "lx0", "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        margay.exec("ip", "link", "set", "xg0", "up");
        linux.exec("ip", "addr", "add", linuxIp + "/24", "dev", "lx0");
        linux.exec("ip", "link", "set", "lx0", "up");
        try {
            xdp = NetNamespace.callIn(margay.name(), () -> AfXdpDevice.open(
                    AfXdpConfig.builder("xg0").mac(MARGAY_MAC).build()));
        } catch (LinuxCallException e) {
            // A kernel or container without AF_XDP/BPF rights: say so rather than fail on the environment.
            assumeTrue(e.errno() != LibC.EPERM && e.errno() != LibC.EOPNOTSUPP, "AF_XDP not permitted here: " + e);
            throw e;
        }
        device = xdp;
        startStack(xdp, "10.213.3.2");
    }

    @Override
    protected void closeNamespaces() {
        try {
            super.closeNamespaces();
        } finally {
            if (margay != null) {
                margay.close();
            }
        }
    }

    @Test
    void anXdpProgramIsAttachedWhileTheSocketIsOpen() {
        String link = margay.exec("ip", "-d", "link", "show", "dev", "xg0");
        assertTrue(link.contains("xdpgeneric") || link.contains("prog/xdp"), link);
        assertEquals(MARGAY_MAC, xdp.macAddress());
        assertEquals(1500, xdp.mtu());
    }

    @Test
    void framesCrossWithoutCopiesAndTheKernelCountsNoLoss() {
        new StackDriver(() -> { }, stack).runFor(50);
        assertTrue(xdp.statistics().txPackets() > 0, xdp.toString());
        assertEquals(0, xdp.copiedFrames(), "the stack builds its frames in UMEM chunks");
        assertEquals(0, xdp.statistics().rxErrors() + xdp.statistics().txErrors(), xdp.toString());
        String kernel = xdp.kernelStatistics();
        assertTrue(kernel.contains("rx_invalid 0") && kernel.contains("tx_invalid 0"), kernel);
    }

    @Test
    void closingFromAnotherNamespaceDetachesTheProgramSoTheQueueOpensAgain() {
        // A second veth inside Margay's namespace; the device is closed from this thread, which is not in it: libxdp's
        // detach must still reach this interface (and not whatever has the same index here).
        margay.exec("ip", "link", "add", "mi-xr0", "type", "veth", "peer", "name", "mi-xr1");
        margay.exec("ip", "link", "set", "mi-xr1", "up");
        margay.exec("ip", "link", "set", "mi-xr0", "up");
        for (int round = 0; round < 2; round++) {
            AfXdpDevice d = NetNamespace.callIn(margay.name(), () -> AfXdpDevice.open(AfXdpConfig.builder("mi-xr0").build()));
            assertTrue(margay.exec("ip", "-d", "link", "show", "dev", "mi-xr0").contains("prog/xdp"), "attached while open");
            d.close();
            String after = margay.exec("ip", "-d", "link", "show", "dev", "mi-xr0");
            assertTrue(!after.contains("prog/xdp") && !after.contains("xdpgeneric"), "detached on close: " + after);
        }
    }

    @Test
    void anMtuThatDoesNotFitAChunkIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetNamespace.callIn(
                margay.name(), () -> AfXdpDevice.open(AfXdpConfig.builder("xg0").mtu(9000).build())));
        assertTrue(e.getMessage().contains("exceeds the interface's 1500"), e.getMessage());
    }
}
