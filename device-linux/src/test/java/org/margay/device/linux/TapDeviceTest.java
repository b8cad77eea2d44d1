package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Margay on a TAP interface whose kernel side lives in a fresh network namespace (the TAP is created there by
 * opening it inside {@link NetNamespace#callIn}), with Linux as the peer: 10.213.1.1 (Linux, {@code mtap0}) and
 * 10.213.1.2 (Margay).
 */
class TapDeviceTest extends KernelPeerScenarios {
    private TapDevice tap;

    @Override
    protected String kind() {
        return "tap";
    }

    @BeforeAll
    void openTap() {
        HostSupport.assumeRootNetworking();
        HostSupport.assumeTun();
        HostSupport.assumeTools("ping");
        linux = Netns.create("tap");
        linuxInterface = "mtap0";
        linuxIp = "10.213.1.1";
        tap = NetNamespace.callIn(linux.name(),
                () -> TapDevice.open(TapConfig.builder(linuxInterface).mac(MARGAY_MAC).build()));
        device = tap;
        linux.tryExec("sysctl", "-qw", "net.ipv6.conf.mtap0.disable_ipv6=1"); // fewer stray frames; optional
        linux.exec("ip", "addr", "add", linuxIp + "/24", "dev", linuxInterface);
        startStack(tap, "10.213.1.2");
    }

    @Test
    void kernelSideIsUpWithTheConfiguredMtuAndItsOwnMac() {
        String link = linux.exec("ip", "-o", "link", "show", "dev", "mtap0");
        assertTrue(link.contains("mtu 1500") && link.contains(",UP"), link);
        assertTrue(link.contains(org.margay.net.common.MacAddress.format(tap.kernelMac())), link);
        assertNotEquals(MARGAY_MAC, tap.kernelMac(), "the kernel side must have its own MAC");
        assertEquals("mtap0", tap.interfaceName());
        assertEquals(MARGAY_MAC, tap.macAddress());
    }

    @Test
    void aSecondOpenOfTheBusyInterfaceIsRefusedClearly() {
        LinuxCallException e = assertThrows(LinuxCallException.class, () -> NetNamespace.callIn(linux.name(),
                () -> TapDevice.open(TapConfig.builder("mtap0").build())));
        assertEquals(LibC.EBUSY, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("TUNSETIFF") && e.getMessage().contains("another process holds it"),
                e.getMessage());
    }

    @Test
    void aTemplateNameIsResolvedByTheKernel() {
        try (TapDevice other = NetNamespace.callIn(linux.name(),
                () -> TapDevice.open(TapConfig.builder("mtx%d").bringUp(false).poolCapacity(8).build()))) {
            assertEquals("mtx0", other.interfaceName());
            assertTrue(linux.exec("ip", "-o", "link", "show", "dev", "mtx0").contains("mtx0"));
        }
        assertTrue(linux.tryExec("ip", "link", "show", "dev", "mtx0") == null, "closing must remove the interface");
    }

    @Test
    void theCountersFollowTheTraffic() {
        // Earlier scenarios (any order) or at least the gratuitous ARP have moved frames both ways.
        new StackDriver(() -> { }, stack).runFor(50);
        assertTrue(tap.statistics().txPackets() > 0, tap.toString());
        assertEquals(0, tap.statistics().txErrors(), tap.toString());
        assertEquals(0, tap.statistics().rxErrors(), tap.toString());
    }
}
