package org.margay.net.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.net.ethernet.EtherType;
import org.margay.net.ethernet.EthernetRepr;
import org.margay.net.ethernet.VlanTag;

class ArpReprTest {
    private static final long MAC_A = 0x0200_0000_000AL;
    private static final long MAC_B = 0x0200_0000_000BL;
    private static final int IP_A = Ipv4Address.parse("10.0.0.1");
    private static final int IP_B = Ipv4Address.parse("10.0.0.2");

    @Test
    void requestAndReply() {
        ArpRepr request = ArpRepr.request(MAC_A, IP_A, IP_B);
        assertEquals(new ArpRepr(ArpOperation.REQUEST, MAC_A, IP_A, 0, IP_B), request);
        assertFalse(request.isGratuitous());
        ArpRepr reply = ArpRepr.reply(request, MAC_B);
        assertEquals(new ArpRepr(ArpOperation.REPLY, MAC_B, IP_B, MAC_A, IP_A), reply);
        assertEquals(28, reply.headerLength());
        assertThrows(IllegalArgumentException.class, () -> ArpRepr.reply(reply, MAC_A));
    }

    @Test
    void probeAndAnnouncement() {
        ArpRepr probe = ArpRepr.probe(MAC_A, IP_A);
        assertTrue(probe.isProbe());
        assertEquals(Ipv4Address.ANY, probe.senderIp());
        assertEquals("probe who-has 10.0.0.1 from 02:00:00:00:00:0a", probe.toString());
        ArpRepr announcement = ArpRepr.gratuitous(MAC_A, IP_A);
        assertTrue(announcement.isGratuitous());
        assertFalse(announcement.isProbe());
    }

    @Test
    void ethernetHeaderBroadcastsRequestsAndUnicastsReplies() {
        ArpRepr request = ArpRepr.request(MAC_A, IP_A, IP_B);
        assertEquals(new EthernetRepr(MacAddress.BROADCAST, MAC_A, EtherType.ARP), request.ethernetHeader());
        ArpRepr reply = ArpRepr.reply(request, MAC_B);
        assertEquals(new EthernetRepr(MAC_A, MAC_B, List.of(VlanTag.dot1q(3)), EtherType.ARP),
                reply.ethernetHeader(List.of(VlanTag.dot1q(3))));
    }

    @Test
    void otherOperationsPrintTheirFields() {
        ArpRepr inarp = new ArpRepr(ArpOperation.INARP_REQUEST, MAC_A, IP_A, MAC_B, 0);
        assertEquals("InARP-request sender 02:00:00:00:00:0a 10.0.0.1 target 02:00:00:00:00:0b 0.0.0.0", inarp.toString());
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new ArpRepr(0x10000, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ArpRepr(-1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ArpRepr(1, 1L << 48, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ArpRepr(1, 0, 0, -1L, 0));
    }
}
