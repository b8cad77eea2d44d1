package org.margay.apps.iperf;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.margay.apps.PairHarness;
import org.margay.testkit.AllocationMeter;

/**
 * The iperf3 server's data path allocates nothing per element once warm, receiving or sending: on Margay's stack with
 * a client stack in the same thread, 64 MiB moved in 16 KiB elements (4,096 of them, plus the stack's segments) cost
 * less than 4 bytes per element on average; an allocation per element would cost at least 16.
 */
class IperfSteadyStateAllocationTest {
    private long goal;

    @ParameterizedTest(name = "reverse={0}")
    @ValueSource(booleans = {false, true})
    void theDataPathAllocatesNothingPerElement(boolean reverse) {
        AllocationMeter meter = AllocationMeter.currentThread();
        try (PairHarness h = PairHarness.serve(new IperfApp(), IperfProtocol.PORT, 9)) {
            MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, reverse, 256L << 20, ""));
            BooleanSupplier reached = () -> c.moved() >= goal;
            goal = 64L << 20;
            assertTrue(h.runUntil(reached), "warm-up");
            goal = 128L << 20;
            long before = meter.allocatedBytes();
            assertTrue(h.runUntil(reached));
            long allocated = meter.allocatedBytes() - before;
            h.runClients();
            assertNull(c.error());
            assertTrue(allocated < 4 * 4096, () -> allocated + " bytes for 64 MiB in 16 KiB elements");
        }
    }
}
