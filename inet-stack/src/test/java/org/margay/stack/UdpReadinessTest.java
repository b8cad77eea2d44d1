package org.margay.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.udp.socket.UdpErrors;
import org.margay.net.udp.socket.UdpSocket;

/** UDP readiness callbacks: a datagram or an error on a socket tells its owner, and only its owner. */
class UdpReadinessTest {
    private static final long S = 1_000_000_000L;
    private static final MemorySegment DATA = MemorySegment.ofArray(new byte[64]);

    @Test
    void aDatagramTellsTheSocketsOwner() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket server = hosts.b.udp().bind(9000);
            UdpSocket other = hosts.b.udp().bind(9001);
            List<UdpSocket> ready = new ArrayList<>();
            hosts.b.udp().readiness(server, ready::add);
            hosts.b.udp().readiness(other, ready::add);
            UdpSocket client = hosts.a.udp().bind(0);
            hosts.a.udp().sendTo(client, TwoHosts.B, 9000, DATA, 0, 64);
            hosts.a.udp().sendTo(client, TwoHosts.B, 9000, DATA, 0, 64);
            hosts.settle();
            assertEquals(List.of(server, server), ready, "once per datagram, never for the idle socket");
            assertEquals(2, server.queued());
        }
    }

    @Test
    void errorsTellTheOwnerToo() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket client = hosts.a.udp().bind(0);
            List<UdpSocket> ready = new ArrayList<>();
            hosts.a.udp().readiness(client, ready::add);
            hosts.a.udp().sendTo(client, TwoHosts.B, 9999, DATA, 0, 64); // nobody there: port unreachable
            hosts.settle();
            assertEquals(List.of(client), ready);
            assertEquals(UdpErrors.ECONNREFUSED, client.takeError());

            client.connect(Ipv4Address.parse("10.0.0.99"), 53); // nobody answers ARP for it
            hosts.a.udp().send(client, DATA, 0, 64);
            assertTrue(hosts.runUntil(() -> ready.size() == 2, 60 * S));
            assertEquals(UdpErrors.EHOSTUNREACH, client.takeError());
        }
    }

    @Test
    void aForgottenOrStaleCallbackIsNeverCalled() {
        try (TwoHosts hosts = new TwoHosts()) {
            UdpSocket first = hosts.b.udp().bind(7000);
            List<UdpSocket> ready = new ArrayList<>();
            hosts.b.udp().readiness(first, ready::add);
            hosts.b.udp().readiness(first, null);
            UdpSocket client = hosts.a.udp().bind(0);
            hosts.a.udp().sendTo(client, TwoHosts.B, 7000, DATA, 0, 64);
            hosts.settle();
            assertEquals(List.of(), ready, "forgotten");

            UdpSocket second = hosts.b.udp().bind(7001);
            hosts.b.udp().readiness(second, ready::add);
            second.close(); // closed without forgetting its callback
            UdpSocket reused = hosts.b.udp().bind(7001);
            hosts.a.udp().sendTo(client, TwoHosts.B, 7001, DATA, 0, 64);
            hosts.settle();
            assertEquals(1, reused.queued());
            assertEquals(List.of(), ready, "the new socket on the port is not the old owner's");
        }
    }
}
