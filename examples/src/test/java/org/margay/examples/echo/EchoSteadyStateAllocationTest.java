package org.margay.examples.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.margay.examples.AppRunner;
import org.margay.examples.TestLibOSes;
import org.margay.pdpix.InetEndpoint;
import org.margay.testkit.AllocationMeter;

/**
 * The echo applications and their runner allocate nothing per request once warm: on Margay's stack (both library
 * OSes in this thread), 10,000 push/pop/wait round trips through the apps cost less than one heap byte each on
 * average — an allocation per request would cost at least 16. (Not exactly zero: the JIT may still deoptimise or
 * link something lazily now and then, which allocates a few hundred bytes once, not per request.)
 */
class EchoSteadyStateAllocationTest {
    private static final long LIMIT = 60_000_000_000L;
    private long goal;

    @Test
    void tcpEchoAllocatesNothingPerRequestInSteadyState() throws Exception {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (TestLibOSes l = TestLibOSes.inet(3)) {
            AppRunner runner = new AppRunner();
            TcpEchoServer server = runner.start(new TcpEchoServer(l.server(), l.serverBind(7), 1));
            TcpEchoClient client = runner.start(new TcpEchoClient(l.client(),
                    new TcpEchoClient.Options(new InetEndpoint(l.serverAddress(), 7), 1, 40_000, 512)));
            // One condition object, made (and its lambda class spun) before anything is measured.
            BooleanSupplier reached = () -> client.intactReplies() >= goal;
            goal = 25_000;
            assertTrue(runner.runUntil(reached, LIMIT), "warm-up");
            goal = 35_000;
            long before = meter.allocatedBytes();
            assertTrue(runner.runUntil(reached, LIMIT));
            long allocated = meter.allocatedBytes() - before;
            assertTrue(runner.runUntil(client::finished, LIMIT));
            assertTrue(client.report().ok(40_000), () -> client.report().toString());
            assertEquals(40_000, server.elements());
            assertTrue(allocated < 10_000, () -> allocated + " bytes for 10,000 echo round trips ("
                    + allocated / 10_000.0 + " B each)");
        }
    }
}
