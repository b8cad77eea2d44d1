package org.margay.net.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void ipv4TextRoundTrips() {
        qt().forAll(integers().all()).checkAssert(a -> assertEquals(a, Ipv4Address.parse(Ipv4Address.format(a))));
    }

    @Test
    void ipv4RejectsBadText() {
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.+4", "a.b.c.d", "1..2.3", "1.2.3.0004"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse(bad), bad);
        }
    }

    @Test
    void netmasks() {
        assertEquals(0, Ipv4Address.netmask(0));
        assertEquals(0xFFFFFF00, Ipv4Address.netmask(24));
        assertEquals(-1, Ipv4Address.netmask(32));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.netmask(33));
    }

    @Test
    void macTextRoundTrips() {
        qt().forAll(longs().between(0, MacAddress.BROADCAST))
                .checkAssert(m -> assertEquals(m, MacAddress.parse(MacAddress.format(m))));
        assertEquals("00:11:22:33:44:55", MacAddress.format(0x001122334455L));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("00:11:22:33:44"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("00:11:22:33:44:zz"));
    }
}
