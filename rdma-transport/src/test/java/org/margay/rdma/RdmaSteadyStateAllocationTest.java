package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.testkit.AllocationMeter;

/**
 * The RDMA library OS's data path allocates nothing per operation in steady state: push, pop and wait over an RC
 * connection (SEND_WITH_IMM, receive completion, zero-copy pop, receive re-post, credit return) and over a UD queue
 * pair, through the in-process device. Measured in bytes with HotSpot's per-thread counter, never in time.
 */
class RdmaSteadyStateAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 20_000;

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Test
    void pushPopWaitOverAnRcConnection() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            Sga sga = p.client.sgaAlloc(64).fill(RdmaPair.pattern(64, 1));
            QResult pushed = new QResult();
            QResult popped = new QResult();
            double perRound = AllocationMeter.currentThread().bytesPerCall(() -> {
                long pop = p.server.pop(c.server());
                long push = p.client.push(c.client(), sga);
                check(p.client.wait(push, pushed, RdmaPair.PATIENCE) == Errno.OK, "push");
                check(p.server.wait(pop, popped, RdmaPair.PATIENCE) == Errno.OK && popped.ok(), "pop");
                p.server.sgaFree(popped.sga());
            }, WARM_UP, ROUNDS, 4);
            p.client.sgaFree(sga);
            assertTrue(perRound < 1.0, "RC push+pop+wait: " + perRound + " bytes per round in the quietest window");
        }
    }

    @Test
    void pushPopWaitOverAUdQueuePair() {
        try (RdmaPair p = new RdmaPair()) {
            int s = p.server.socket(Domain.INET, SocketType.DGRAM);
            p.server.bind(s, new InetEndpoint(RdmaPair.SERVER, 0));
            int u = p.client.socket(Domain.INET, SocketType.DGRAM);
            p.client.connect(u, p.server.getsockname(s));
            Sga sga = p.client.sgaAlloc(64).fill(RdmaPair.pattern(64, 2));
            QResult pushed = new QResult();
            QResult popped = new QResult();
            double perRound = AllocationMeter.currentThread().bytesPerCall(() -> {
                long pop = p.server.pop(s);
                long push = p.client.push(u, sga);
                check(p.client.wait(push, pushed, RdmaPair.PATIENCE) == Errno.OK && pushed.ok(), "push");
                check(p.server.wait(pop, popped, RdmaPair.PATIENCE) == Errno.OK && popped.ok(), "pop");
                p.server.sgaFree(popped.sga());
            }, WARM_UP, ROUNDS, 4);
            p.client.sgaFree(sga);
            assertTrue(perRound < 1.0, "UD push+pop+wait: " + perRound + " bytes per round in the quietest window");
        }
    }
}
