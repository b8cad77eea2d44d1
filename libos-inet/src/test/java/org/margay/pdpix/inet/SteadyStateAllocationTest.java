package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
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
}
