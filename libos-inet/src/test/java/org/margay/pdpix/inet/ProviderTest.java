package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** Opening the library OSes from configuration, and what bad configuration says. */
class ProviderTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void bothLibraryOsesAreFoundByName() {
        assertTrue(LibOSes.names().contains("inet"), LibOSes.names().toString());
        assertTrue(LibOSes.names().contains("link"), LibOSes.names().toString());
    }

    @Test
    void twoInetLibraryOsesOpenedFromConfigurationTalkOverANamedLink() {
        for (int round = 0; round < 2; round++) { // the second round finds the registry clean again
            try (LibOS server = LibOSes.open(config("10.0.0.2/24", "loopback:cfg:b"));
                 LibOS client = LibOSes.open(config("10.0.0.1", "loopback:cfg:a"))) {
                assertEquals("inet", client.name());
                InetLibOS inet = assertInstanceOf(InetLibOS.class, client);
                assertSame(inet.group(), ((InetLibOS) server).group(), "one named group");
                assertInstanceOf(VirtualClock.class, inet.clock());
                int lqd = TcpQueueTest.listen(server, 7, 4);
                long accept = server.accept(lqd);
                int qd = client.socket(Domain.INET, SocketType.STREAM);
                QResult r = new QResult();
                assertEquals(Errno.OK, client.wait(client.connect(qd, InetEndpoint.of("10.0.0.2", 7)), r, 5 * SECOND));
                assertEquals(Opcode.CONNECT, r.opcode(), r.toString());
                assertEquals(Errno.OK, server.wait(accept, r, 5 * SECOND));
                int sqd = r.acceptedQd();
                Sga hello = Bytes.element(client, "hello".getBytes());
                assertEquals(Errno.OK, client.blockingPush(qd, hello, SECOND));
                client.sgaFree(hello);
                assertEquals(Errno.OK, server.blockingPop(sqd, r, 5 * SECOND));
                assertArrayEquals("hello".getBytes(), r.sga().toByteArray());
                server.sgaFree(r.sga());
            }
        }
    }

    @Test
    void aLinkLibraryOsOpensFromConfiguration() {
        try (LibOS link = LibOSes.open(LibOSConfig.of("link", "link.devices", "loopback:l1:a, loopback:l2:a",
                "link.ring", "16"))) {
            LinkLibOS l = assertInstanceOf(LinkLibOS.class, link);
            assertEquals(2, l.linkCount());
            int qd = l.socket(Domain.PACKET, SocketType.RAW);
            l.bind(qd, new InetEndpoint(0, 1));
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertKey("inet.device", LibOSConfig.of("inet", "inet.address", "10.0.0.1"));
        assertKey("inet.address", LibOSConfig.of("inet", "inet.device", "loopback:x:a"));
        assertKey("inet.address", config("10.0.0.300", "loopback:x:a"));
        assertKey("inet.address", config("10.0.0.1/40", "loopback:x:a"));
        assertKey("inet.device", config("10.0.0.1", "dpdk:0000:01:00.0"));
        assertKey("inet.device", config("10.0.0.1", "loopback:x:c"));
        assertKey("inet.device", config("10.0.0.1", "loopback:x"));
        assertKey("inet.mtu", config("10.0.0.1", "loopback:x:a").with("inet.mtu", "big"));
        assertKey("inet.mac", config("10.0.0.1", "loopback:x:a").with("inet.mac", "02:00"));
        assertKey("inet.gateway", config("10.0.0.1", "loopback:x:a").with("inet.gateway", "gw"));
        assertKey("inet.clock", config("10.0.0.1", "loopback:x:a").with("inet.clock", "sundial"));
        assertKey("inet.tcp.nodelay", config("10.0.0.1", "loopback:x:a").with("inet.tcp.nodelay", "maybe"));
        assertKey("pdpix.idle", LibOSConfig.of("inet", "inet.address", "10.0.0.1", "inet.device", "loopback:x:a",
                "pdpix.idle", "nap"));
        assertKey("link.devices", LibOSConfig.of("link"));
        assertKey("link.devices", LibOSConfig.of("link", "link.devices", "loopback:y:a,,loopback:z:a"));
        // An end in use, and the two ends of one link on different clocks.
        try (LibOS first = LibOSes.open(config("10.0.0.1", "loopback:busy:a"))) {
            assertEquals("inet", first.name());
            assertKey("inet.device", config("10.0.0.3", "loopback:busy:a"));
            assertKey("inet.device", config("10.0.0.2", "loopback:busy:b").with("inet.group", "elsewhere"));
        }
        // Nothing leaked into the registries: the names are free again.
        try (LibOS again = LibOSes.open(config("10.0.0.1", "loopback:busy:a"));
             LibOS x = LibOSes.open(config("10.0.0.1", "loopback:x:a"))) {
            assertEquals("inet", again.name());
            assertEquals("inet", x.name());
        }
    }

    private static LibOSConfig config(String address, String device) {
        return LibOSConfig.of("inet", "inet.address", address, "inet.device", device, "inet.group", "test-group",
                "inet.clock", "virtual");
    }

    private static void assertKey(String key, LibOSConfig config) {
        PdpixException e = assertThrows(PdpixException.class, () -> LibOSes.open(config).close(), config.toString());
        assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(key), "message names " + key + ": " + e.getMessage());
    }
}
