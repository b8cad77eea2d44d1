package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.net.common.MacAddress;

/** Configuration checks that need no privilege. */
class DeviceConfigTest {
    @Test
    void interfaceNamesFollowTheKernelsRules() {
        for (String bad : new String[] {"", "sixteen-chars-xx", "a b", "a/b", "eth0:1", ".", "..", "tab\t"}) {
            assertThrows(IllegalArgumentException.class, () -> TapConfig.builder(bad).build(), bad);
            assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder(bad).build(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder(null).build());
        assertEquals("fifteen-chars-x", TapConfig.builder("fifteen-chars-x").build().interfaceName());
        assertEquals("mtap%d", TapConfig.builder("mtap%d").build().interfaceName());
    }

    @Test
    void tapDefaultsAreARandomLocalUnicastMacAndEthernetsMtu() {
        TapConfig config = TapConfig.builder("t0").build();
        assertEquals(1500, config.mtu());
        assertTrue(config.bringUp());
        assertEquals(0x02_0000_0000_00L, config.mac() & 0x03_0000_0000_00L, MacAddress.format(config.mac()));
        assertEquals(1664, config.bufferSize(), "128 headroom + 1500 + 18, rounded up to 64");
    }

    @Test
    void badMacsMtusAndPoolsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").mac("01:00:5e:00:00:01").build());
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").mac(0).build());
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").mtu(67).build());
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").mtu(9001).build());
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").poolCapacity(0).build());
        assertThrows(IllegalArgumentException.class, () -> TapConfig.builder("t0").headroom(-1).build());
        assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder("e0").socketBufferBytes(-1).build());
        assertThrows(IllegalArgumentException.class, () -> AfPacketConfig.builder("e0").mac("ff:ff:ff:ff:ff:ff").build());
    }

    @Test
    void afPacketDefaultsTakeTheInterfacesMacAndMtu() {
        AfPacketConfig config = AfPacketConfig.builder("e0").build();
        assertEquals(AfPacketConfig.INTERFACE_MAC, config.mac());
        assertEquals(AfPacketConfig.INTERFACE_MTU, config.mtu());
        assertTrue(!config.promiscuous());
    }

    @Test
    void theIfreqLayoutMatchesLinux() {
        assertEquals(40, InterfaceRequest.LAYOUT.byteSize(), "struct ifreq on LP64");
        assertEquals(20, PacketSocketLayouts.SOCKADDR_LL.byteSize(), "struct sockaddr_ll");
        assertEquals(10, PacketSocketLayouts.SLL_PKTTYPE);
        assertEquals(16, PacketSocketLayouts.PACKET_MREQ.byteSize(), "struct packet_mreq");
    }

    @Test
    void errnoTextComesFromTheCLibrary() {
        LinuxCallException e = new LinuxCallException("open(/x)", LibC.ENOENT, "testing");
        assertEquals("testing: open(/x) failed: No such file or directory (errno 2)", e.getMessage());
        assertTrue(new LinuxCallException("socket", LibC.EPERM, "t").getMessage().contains("needs root"));
    }
}
