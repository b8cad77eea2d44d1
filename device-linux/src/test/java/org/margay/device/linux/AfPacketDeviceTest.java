package org.margay.device.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.Bytes;

/**
 * Margay on an AF_PACKET socket bound to one end of a veth pair, Linux on the other end, each end in a
 * namespace of its own: {@code mg0} in the Margay namespace (no address; the socket is opened there through
 * {@link NetNamespace#callIn}) and {@code lx0} with 10.213.2.1/24 in the Linux namespace. Margay uses its own
 * MAC, so the socket asks for promiscuous mode. Offloads are off on both ends (see the field notes).
 */
class AfPacketDeviceTest extends KernelPeerScenarios {
    private Netns margay;
    private AfPacketDevice packet;

    @Override
    protected String kind() {
        return "afpacket";
    }

    @BeforeAll
    void openPacketSocket() {
        HostSupport.assumeRootNetworking();
        HostSupport.assumeTools("ping", "ethtool");
        margay = Netns.create("pkm");
        linux = Netns.create("pkl");
        linuxInterface = "lx0";
        linuxIp = "10.213.2.1";
        margay.exec("ip", "link", "add", "mg0", "type", "veth", "peer", "name", "lx0", "netns", linux.name());
        margay.tryExec("sysctl", "-qw", "net.ipv6.conf.mg0.disable_ipv6=1");
        linux.tryExec("sysctl", "-qw", "net.ipv6.conf.lx0.disable_ipv6=1");
        margay.exec("ethtool", "-K", "mg0", "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        linux.exec("ethtool", "-K", "lx0", "tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off");
        margay.exec("ip", "link", "set", "mg0", "up");
        linux.exec("ip", "addr", "add", linuxIp + "/24", "dev", "lx0");
        linux.exec("ip", "link", "set", "lx0", "up");
        packet = NetNamespace.callIn(margay.name(), () -> AfPacketDevice.open(
                AfPacketConfig.builder("mg0").mac(MARGAY_MAC).promiscuous(true).build()));
        device = packet;
        startStack(packet, "10.213.2.2");
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
    void theSocketTakesTheInterfaceMtuAndGoesPromiscuous() {
        assertEquals(1500, packet.mtu());
        assertEquals(MARGAY_MAC, packet.macAddress());
        assertTrue(packet.interfaceIndex() > 0);
        // PACKET_MR_PROMISC raises the promiscuity count; the PROMISC flag shows only when set by hand.
        String link = margay.exec("ip", "-d", "-o", "link", "show", "dev", "mg0");
        assertTrue(link.contains("promiscuity 1"), link);
        assertTrue(link.contains(org.margay.net.common.MacAddress.format(packet.interfaceMac())), link);
    }

    @Test
    void anUnknownInterfaceIsRefusedClearly() {
        LinuxCallException e = assertThrows(LinuxCallException.class, () -> NetNamespace.callIn(margay.name(),
                () -> AfPacketDevice.open(AfPacketConfig.builder("nosuch0").build())));
        assertTrue(e.getMessage().contains("nosuch0") && e.getMessage().contains("if_nametoindex"), e.getMessage());
    }

    @Test
    void anMtuAboveTheInterfacesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetNamespace.callIn(
                margay.name(), () -> AfPacketDevice.open(AfPacketConfig.builder("mg0").mtu(9000).build())));
        assertTrue(e.getMessage().contains("exceeds the interface's 1500"), e.getMessage());
    }

    @Test
    void theUserSpaceFilterSkipsFramesTheHostSends() {
        // A second socket on mg0 without PACKET_IGNORE_OUTGOING sees the first socket's frames as
        // PACKET_OUTGOING (a socket never sees its own) and must skip them in user space.
        try (AfPacketDevice observer = NetNamespace.callIn(margay.name(), () -> AfPacketDevice.open(
                AfPacketConfig.builder("mg0").poolCapacity(64).build(), false))) {
            assertTrue(!observer.ignoresOutgoingInKernel());
            PacketBurst burst = new PacketBurst(8);
            for (int i = 0; i < 8; i++) {
                PacketBuffer frame = packet.pool().allocate();
                int at = frame.append(60);
                MemorySegment s = frame.segment();
                s.asSlice(at, 60).fill((byte) 0);
                Bytes.u48(s, at, 0x02_00_00_00_00_99L); // to nobody on the link
                Bytes.u48(s, at + 6, MARGAY_MAC);
                Bytes.u16(s, at + 12, 0x88B5); // IEEE 802 local experimental EtherType
                burst.add(frame);
            }
            assertEquals(8, packet.transmit(burst));
            PacketBurst received = new PacketBurst(32);
            long deadline = System.nanoTime() + 2_000_000_000L;
            int leaked = 0;
            while (observer.ignoredOutgoingFrames() < 8 && System.nanoTime() < deadline) {
                int n = observer.receive(received);
                for (int i = 0; i < n; i++) {
                    PacketBuffer frame = received.get(i);
                    if (Bytes.u16(frame.segment(), frame.start() + 12) == 0x88B5) {
                        leaked++;
                    }
                }
                received.releaseAll();
            }
            assertEquals(8, observer.ignoredOutgoingFrames(), observer.toString());
            assertEquals(0, leaked, "outgoing frames reached the observer's caller");
            assertEquals(observer.pool().capacity(), observer.pool().available() + 1, "only the spare is held");
        }
    }

    @Test
    void theCountersFollowTheTraffic() {
        new StackDriver(() -> { }, stack).runFor(50);
        assertTrue(packet.ignoresOutgoingInKernel(), "this kernel (4.20+) should take PACKET_IGNORE_OUTGOING");
        assertTrue(packet.statistics().txPackets() > 0, packet.toString());
        assertEquals(0, packet.statistics().txErrors(), packet.toString());
        assertEquals(0, packet.statistics().rxErrors(), packet.toString());
    }
}
