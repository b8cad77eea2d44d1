package org.margay.net.ethernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtherTypeAndVlanTagTest {

    @Test
    void namesForPrinting() {
        assertEquals("IPv4", EtherType.name(EtherType.IPV4));
        assertEquals("ARP", EtherType.name(0x0806));
        assertEquals("IPv6", EtherType.name(0x86DD));
        assertEquals("802.1Q", EtherType.name(0x8100));
        assertEquals("802.1ad", EtherType.name(0x88A8));
        assertEquals("QinQ-0x9100", EtherType.name(0x9100));
        assertEquals("802.3 length 46", EtherType.name(46));
        assertEquals("0x1234", EtherType.name(0x1234));
    }

    @Test
    void tpidsAndLengths() {
        assertTrue(EtherType.isVlanTpid(0x8100));
        assertTrue(EtherType.isVlanTpid(0x88A8));
        assertTrue(EtherType.isVlanTpid(0x9100));
        assertFalse(EtherType.isVlanTpid(0x0800));
        assertTrue(EtherType.isLength(1500));
        assertFalse(EtherType.isLength(0x0600));
    }

    @Test
    void tciPacksAndUnpacks() {
        VlanTag tag = new VlanTag(EtherType.VLAN_8021Q, 5, true, 0xABC);
        assertEquals(0xBABC, tag.tci());
        assertEquals(tag, VlanTag.of(EtherType.VLAN_8021Q, 0xBABC));
        assertEquals(VlanTag.dot1ad(7), VlanTag.of(0x88A8, 7));
        assertEquals(VlanTag.dot1q(0), new VlanTag(0x8100, 0, false, 0));
    }

    @Test
    void vlanTagRejectsOutOfRangeParts() {
        assertThrows(IllegalArgumentException.class, () -> new VlanTag(0x0800, 0, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new VlanTag(0x8100, 8, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new VlanTag(0x8100, -1, false, 1));
        assertThrows(IllegalArgumentException.class, () -> new VlanTag(0x8100, 0, false, 4096));
        assertThrows(IllegalArgumentException.class, () -> new VlanTag(0x8100, 0, false, -1));
    }

    @Test
    void ethernetReprRejectsWhatCouldNotRoundTrip() {
        assertThrows(IllegalArgumentException.class, () -> new EthernetRepr(1L << 48, 0, 0x0800));
        assertThrows(IllegalArgumentException.class, () -> new EthernetRepr(0, -1, 0x0800));
        assertThrows(IllegalArgumentException.class, () -> new EthernetRepr(0, 0, 0x8100));
        assertThrows(IllegalArgumentException.class, () -> new EthernetRepr(0, 0, 0x10000));
        assertThrows(NullPointerException.class, () -> new EthernetRepr(0, 0, null, 0x0800));
        List<VlanTag> nine = new ArrayList<>(Collections.nCopies(9, VlanTag.dot1q(1)));
        assertThrows(IllegalArgumentException.class, () -> new EthernetRepr(0, 0, nine, 0x0800));
    }

    @Test
    void ethernetReprCopiesItsTags() {
        List<VlanTag> tags = new ArrayList<>(List.of(VlanTag.dot1q(1)));
        EthernetRepr repr = new EthernetRepr(0, 0, tags, 0x0800);
        tags.add(VlanTag.dot1q(2));
        assertEquals(1, repr.tags().size());
        assertEquals(18, repr.headerLength());
        assertThrows(UnsupportedOperationException.class, () -> repr.tags().add(VlanTag.dot1q(3)));
    }
}
