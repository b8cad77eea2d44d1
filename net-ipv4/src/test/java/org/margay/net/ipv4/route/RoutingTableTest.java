package org.margay.net.ipv4.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.common.Ipv4Address.parse;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class RoutingTableTest {
    @Test
    void longestPrefixWins() {
        RoutingTable table = new RoutingTable();
        table.setDefaultGateway(parse("10.0.0.1"));
        table.addConnected(parse("10.0.0.5"), 24);
        table.add(parse("192.168.0.0"), 16, parse("10.0.0.2"), 0);
        table.add(parse("192.168.7.0"), 24, parse("10.0.0.3"), 0);
        assertEquals(parse("10.0.0.9"), table.nextHop(parse("10.0.0.9")));
        assertTrue(table.isOnLink(parse("10.0.0.9")));
        assertEquals(parse("10.0.0.2"), table.nextHop(parse("192.168.1.1")));
        assertEquals(parse("10.0.0.3"), table.nextHop(parse("192.168.7.1")));
        assertEquals(parse("10.0.0.1"), table.nextHop(parse("8.8.8.8")));
        assertFalse(table.isOnLink(parse("8.8.8.8")));
    }

    @Test
    void noRouteWithoutDefault() {
        RoutingTable table = new RoutingTable();
        table.addConnected(parse("10.0.0.5"), 24);
        assertEquals(RoutingTable.NO_ROUTE, table.lookup(parse("10.0.1.1")));
        assertEquals(0, table.nextHop(parse("10.0.1.1")));
    }

    @Test
    void lowerMetricWinsAmongEqualPrefixesAndRemoveWorks() {
        RoutingTable table = new RoutingTable();
        table.add(parse("172.16.0.0"), 12, parse("10.0.0.7"), 10);
        table.add(parse("172.16.0.0"), 12, parse("10.0.0.8"), 5);
        assertEquals(parse("10.0.0.8"), table.nextHop(parse("172.20.1.1")));
        assertEquals(2, table.remove(parse("172.16.0.0"), 12));
        assertEquals(0, table.size());
        table.setDefaultGateway(parse("10.0.0.1"));
        table.setDefaultGateway(parse("10.0.0.2"));
        assertEquals(1, table.size());
        assertEquals(parse("10.0.0.2"), table.nextHop(parse("1.2.3.4")));
    }

    @Test
    void lookupAgreesWithBruteForce() {
        QuickTheory.qt().withExamples(300)
                .forAll(SourceDSL.lists().of(SourceDSL.integers().all()).ofSizeBetween(1, 12),
                        SourceDSL.integers().all())
                .checkAssert((seeds, destination) -> {
                    RoutingTable table = new RoutingTable();
                    int[] prefixes = new int[seeds.size()];
                    int[] lengths = new int[seeds.size()];
                    for (int i = 0; i < seeds.size(); i++) {
                        int seed = seeds.get(i);
                        lengths[i] = Math.floorMod(seed, 33);
                        prefixes[i] = (seed * 0x9E3779B1) ^ destination; // often shares bits with the destination
                        table.add(prefixes[i], lengths[i], i + 1, 0);
                    }
                    int best = -1;
                    for (int i = 0; i < seeds.size(); i++) {
                        int mask = org.margay.net.common.Ipv4Address.netmask(lengths[i]);
                        if ((destination & mask) == (prefixes[i] & mask) && (best < 0 || lengths[i] > lengths[best])) {
                            best = i;
                        }
                    }
                    int route = table.lookup(destination);
                    if (best < 0) {
                        assertEquals(RoutingTable.NO_ROUTE, route);
                    } else {
                        assertEquals(lengths[best], table.prefixLength(route));
                    }
                });
    }
}
