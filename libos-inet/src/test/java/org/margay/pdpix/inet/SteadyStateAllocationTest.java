package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.testkit.AllocationMeter;

/**
 * "No allocation per push, pop or wait in steady state" on the TCP fast path, measured with the JVM's per-thread
 * allocation counter: an echo of 1 KiB elements over a loopback pair (client blocking, server an agent), after a
 * warm-up. A small constant is allowed for JIT and class-loading noise, far below one byte per element.
 */
class SteadyStateAllocationTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void tcpEchoOfOneKibElementsAllocatesNothingPerElement() {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (InetLibOSPair p = InetLibOSPair.open(11)) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 9, Framing.LENGTH_PREFIXED);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(9)), r, 5 * SECOND));
            byte[] data = Bytes.random(3, 1024);
            Sga out = Bytes.element(client, data);
            int[] failures = new int[1];
            Runnable round = () -> {
                if (client.blockingPush(qd, out, 5 * SECOND) != Errno.OK) {
                    failures[0]++;
                }
                if (client.blockingPop(qd, r, 5 * SECOND) != Errno.OK || r.sga().totalLength() != 1024) {
                    failures[0]++;
                } else {
                    client.sgaFree(r.sga());
                }
            };
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
            int rounds = 20_000;
            long before = meter.allocatedBytes();
            for (int i = 0; i < rounds; i++) {
                round.run();
            }
            long allocated = meter.allocatedBytes() - before;
            System.out.println("inet echo, 1 KiB elements: " + allocated + " bytes allocated over " + rounds + " rounds");
            assertEquals(0, failures[0]);
            assertEquals(40_000, echo.echoed);
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + rounds + " echoed elements");
            client.sgaFree(out);
            TcpEchoTest.finish(p, client, qd, echo);
        }
    }

    @Test
    void rawStreamEchoAllocatesNothingPerPop() {
        // RAW_STREAM pops take everything readable in one chained element (StreamQueue.nextRaw): from the pools only.
        AllocationMeter meter = AllocationMeter.currentThread();
        try (InetLibOSPair p = InetLibOSPair.builder().seed(13).elementBuffers(512, 16 * 1024).open()) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 10, Framing.RAW_STREAM);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            client.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(10)), r, 5 * SECOND));
            Sga out = Bytes.element(client, Bytes.random(6, 40_000));
            int[] failures = new int[1];
            Runnable round = () -> {
                if (client.blockingPush(qd, out, 5 * SECOND) != Errno.OK) {
                    failures[0]++;
                }
                long got = 0;
                while (got < 40_000) {
                    if (client.blockingPop(qd, r, 5 * SECOND) != Errno.OK || r.sga().totalLength() == 0) {
                        failures[0]++;
                        return;
                    }
                    got += r.sga().totalLength();
                    client.sgaFree(r.sga());
                }
            };
            for (int i = 0; i < 5_000; i++) {
                round.run();
            }
            int rounds = 5_000;
            long before = meter.allocatedBytes();
            for (int i = 0; i < rounds; i++) {
                round.run();
            }
            long allocated = meter.allocatedBytes() - before;
            System.out.println("inet raw echo, 40 KB: " + allocated + " bytes allocated over " + rounds + " rounds");
            assertEquals(0, failures[0]);
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + rounds + " echoed 40 KB writes");
            client.sgaFree(out);
            TcpEchoTest.finish(p, client, qd, echo);
        }
    }

    @Test
    void udpPingPongAllocatesNothingPerDatagram() {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (InetLibOSPair p = InetLibOSPair.open(12)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int s = server.socket(Domain.INET, SocketType.DGRAM);
            server.bind(s, new InetEndpoint(0, 7000));
            int c = client.socket(Domain.INET, SocketType.DGRAM);
            client.bind(c, new InetEndpoint(0, 7001));
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(client.connect(c, InetLibOSPair.serverEndpoint(7000)), r, SECOND));
            assertEquals(Errno.OK, server.wait(server.connect(s,
                    new InetEndpoint(InetLibOSPair.CLIENT_ADDRESS, 7001)), r, SECOND));
            Sga ping = Bytes.element(client, Bytes.random(4, 256));
            Sga pong = Bytes.element(server, Bytes.random(5, 256));
            int[] failures = new int[1];
            Runnable round = () -> {
                long serverPop = server.pop(s); // parked first: the datagram's arrival is signalled, not polled
                if (client.blockingPush(c, ping, SECOND) != Errno.OK || server.wait(serverPop, r, SECOND) != Errno.OK
                        || r.sga().totalLength() != 256) {
                    failures[0]++;
                    return;
                }
                server.sgaFree(r.sga());
                if (server.blockingPush(s, pong, SECOND) != Errno.OK || client.blockingPop(c, r, SECOND) != Errno.OK) {
                    failures[0]++;
                    return;
                }
                client.sgaFree(r.sga());
            };
            for (int i = 0; i < 20_000; i++) {
                round.run();
            }
            int rounds = 20_000;
            long before = meter.allocatedBytes();
            for (int i = 0; i < rounds; i++) {
                round.run();
            }
            long allocated = meter.allocatedBytes() - before;
            System.out.println("inet UDP ping-pong, 256 B: " + allocated + " bytes allocated over " + rounds + " rounds");
            assertEquals(0, failures[0]);
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + rounds + " round trips");
            client.sgaFree(ping);
            server.sgaFree(pong);
            client.close(c);
            server.close(s);
        }
    }
}
