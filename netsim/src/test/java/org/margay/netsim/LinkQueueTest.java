package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tail drop at the queue length, by frames and by bytes, and the receive side's limits. */
class LinkQueueTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;

    @Test
    void framesBeyondTheQueueLengthAreTailDropped() {
        // 8 Mbit/s: 1000 bytes take 1 ms on the wire.
        LinkProfile link = LinkProfile.builder().bandwidthBitsPerSecond(8_000_000).queueFrames(3).build();
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, link);
            SimPort b = sw.attach("b", MAC_B, link);
            Frames.send(a, MAC_B, 0, 10, 1000);
            assertEquals(3, a.toSwitch().framesSent());
            assertEquals(7, a.toSwitch().queueDrops());
            assertEquals(7, a.statistics().txDrops());
            assertEquals(10, a.statistics().txPackets(), "the port took all ten; the queue dropped seven");

            network.advanceTo(1_000_000); // the first frame has left the queue: room for one more
            Frames.send(a, MAC_B, 10, 2, 1000);
            assertEquals(4, a.toSwitch().framesSent());
            assertEquals(8, a.toSwitch().queueDrops());

            network.runUntilIdle();
            assertEquals(java.util.List.of(0, 1, 2, 10), Frames.numbers(Frames.receiveAll(b)));
            assertEquals(0, b.fromSwitch().queueDrops(), "frames reach the switch spaced out: no drop there");
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void aByteLimitCountsTheBytesWaiting() {
        LinkProfile link = LinkProfile.builder().bandwidthBitsPerSecond(8_000_000).queueBytes(2500).build();
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, link);
            SimPort b = sw.attach("b", MAC_B, link);
            Frames.send(a, MAC_B, 0, 4, 1000);
            Frames.send(a, MAC_B, 4, 1, 400); // still fits: 2000 + 400 <= 2500
            assertEquals(3, a.toSwitch().framesSent());
            assertEquals(2, a.toSwitch().queueDrops());
            network.runUntilIdle();
            assertEquals(java.util.List.of(0, 1, 4), Frames.numbers(Frames.receiveAll(b)));
        }
    }

    @Test
    void aFullReceiveQueueDropsArrivals() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL);
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL, PortOptions.defaults().withRxQueueFrames(2));
            Frames.send(a, MAC_B, 0, 5, 100);
            network.runUntilIdle();
            assertEquals(2, b.pendingReceive());
            assertEquals(3, b.statistics().rxDrops());
            assertEquals(java.util.List.of(0, 1), Frames.numbers(Frames.receiveAll(b)));
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void anEmptyReceivingPoolDropsArrivals() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL);
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL, PortOptions.defaults().withPoolCapacity(3));
            Frames.send(a, MAC_B, 0, 5, 100);
            network.runUntilIdle();
            assertEquals(3, b.pendingReceive());
            assertEquals(2, b.statistics().rxDrops());
            assertEquals(2, b.pool().allocationFailures());
            Frames.receiveAll(b);
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }
}
