package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.common.MacAddress;

/** Frames cross with exactly the configured latency and serialisation delay, in virtual time. */
class SimNetworkTimingTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;

    // 1 Gbit/s: a 1000-byte frame takes 8000 ns on the wire; 10 µs of propagation each hop.
    private final LinkProfile link = LinkProfile.builder().latencyNanos(10_000).bandwidthBitsPerSecond(1_000_000_000L).build();

    @Test
    void aFrameArrivesAfterSerialisationAndLatencyOnBothHops() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, link);
            SimPort b = sw.attach("b", MAC_B, link);
            assertEquals(Long.MAX_VALUE, network.nextEventTime(), "nothing in flight yet");

            Frames.send(a, MAC_B, 1, 1, 1000);
            assertEquals(18_000, network.nextEventTime(), "8000 ns on the wire + 10000 ns to the switch");
            network.advanceTo(17_999);
            assertEquals(0, b.pendingReceive());
            network.advanceTo(18_000);
            assertEquals(36_000, network.nextEventTime(), "and the same again from the switch to b");
            network.advanceTo(50_000);
            assertEquals(50_000, network.now());

            List<Frames.Received> got = Frames.receiveAll(b);
            assertEquals(1, got.size());
            assertEquals(36_000, got.get(0).timestamp());
            assertEquals(MAC_A, got.get(0).source());
            assertEquals(1000, b.statistics().rxBytes());
            assertEquals(1, a.statistics().txPackets());
            assertEquals(Long.MAX_VALUE, network.nextEventTime());
            assertNoBuffersOut(network);
        }
    }

    @Test
    void backToBackFramesQueueBehindEachOther() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, link);
            SimPort b = sw.attach("b", MAC_B, link);
            Frames.send(a, MAC_B, 0, 3, 1000);
            network.runUntilIdle();
            List<Frames.Received> got = Frames.receiveAll(b);
            assertEquals(List.of(0, 1, 2), Frames.numbers(got));
            // Frame k leaves a at 8000(k+1), reaches the switch 10 µs later, and the switch's link is free again
            // exactly when it arrives: b sees 36000, 44000, 52000.
            assertEquals(36_000, got.get(0).timestamp());
            assertEquals(44_000, got.get(1).timestamp());
            assertEquals(52_000, got.get(2).timestamp());
            assertEquals(52_000, network.now(), "runUntilIdle stops at the last delivery");
        }
    }

    @Test
    void anIdealLinkDeliversAtTheSameVirtualInstant() {
        try (SimNetwork network = new SimNetwork(5_000)) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL);
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL);
            Frames.send(a, MAC_B, 7, 1, 60);
            assertEquals(5_000, network.nextEventTime());
            assertEquals(2, network.advanceTo(5_000), "both hops happen at the same instant");
            assertEquals(5_000, Frames.receiveAll(b).get(0).timestamp());
            assertEquals(2, network.eventsProcessed());
        }
    }

    @Test
    void timeNeverGoesBackwards() {
        try (SimNetwork network = new SimNetwork()) {
            network.advanceTo(100);
            assertThrows(IllegalArgumentException.class, () -> network.advanceTo(99));
            assertEquals(100, network.clock().nanoTime());
        }
    }

    @Test
    void serialisationRoundsUpToWholeNanoseconds() {
        LinkProfile slow = LinkProfile.builder().bandwidthBitsPerSecond(3).build();
        assertEquals(2_666_666_667L, slow.serialisationNanos(1));
        assertEquals(0, LinkProfile.IDEAL.serialisationNanos(1500));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LinkProfile.builder().latencyNanos(-1).build());
        assertTrue(bad.getMessage().startsWith("latencyNanos"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkProfile.builder().queueFrames(-1).build());
        assertTrue(MacAddress.format(MAC_A).startsWith("02:"));
    }

    static void assertNoBuffersOut(SimNetwork network) {
        for (SimPort port : network.ports()) {
            assertEquals(0, port.pool().outstanding(), () -> port.pool().leakReport());
        }
    }
}
