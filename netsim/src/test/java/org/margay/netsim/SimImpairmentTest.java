package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;

/** Seeded impairments on simulated links, and their counters. */
class SimImpairmentTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;

    private static SimPort[] pair(SimNetwork network, LinkProfile linkA, LinkProfile linkB) {
        SimSwitch sw = network.addSwitch("sw");
        SimPort a = sw.attach("a", MAC_A, linkA);
        SimPort b = sw.attach("b", MAC_B, linkB);
        // Teach the switch where b is, so that a's frames are forwarded, not flooded.
        Frames.send(b, MAC_A, -1, 1, 60);
        network.runUntilIdle();
        Frames.receiveAll(a);
        return new SimPort[] {a, b};
    }

    @Test
    void lossOnTheWayOutIsCountedOnThatDirection() {
        LinkProfile lossy = LinkProfile.builder().toSwitch(ImpairmentProfile.builder().loss(25).seed(1).build()).build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, lossy, LinkProfile.IDEAL);
            Frames.send(hosts[0], MAC_B, 0, 400, 100);
            network.runUntilIdle();
            int received = Frames.receiveAll(hosts[1]).size();
            long dropped = hosts[0].toSwitch().impairment().dropped();
            assertEquals(400, received + dropped);
            assertTrue(dropped > 60 && dropped < 140, "about a quarter lost: " + dropped);
            assertEquals(400, hosts[0].toSwitch().impairment().frames());
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void duplicatesArriveAsSeparateBuffers() {
        LinkProfile dup = LinkProfile.builder().fromSwitch(ImpairmentProfile.builder().duplicate(100).build()).build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, LinkProfile.IDEAL, dup);
            Frames.send(hosts[0], MAC_B, 0, 3, 100);
            network.runUntilIdle();
            assertEquals(6, hosts[1].pendingReceive());
            org.margay.fastpath.device.PacketBurst burst = new org.margay.fastpath.device.PacketBurst(8);
            hosts[1].receive(burst);
            Set<Object> distinct = new HashSet<>();
            for (int i = 0; i < burst.count(); i++) {
                distinct.add(burst.get(i));
                assertEquals(1, burst.get(i).refCount());
            }
            assertEquals(6, distinct.size(), "each delivery owns its buffer");
            burst.releaseAll();
            assertEquals(3, hosts[1].fromSwitch().impairment().duplicated());
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void corruptionFlipsOneBitOfWhatTheHostSent() {
        LinkProfile bad = LinkProfile.builder().toSwitch(ImpairmentProfile.builder().corrupt(100).seed(3).build()).build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, bad, LinkProfile.IDEAL);
            int delivered = 0;
            for (int n = 0; n < 50; n++) {
                var frame = Frames.frame(hosts[0], MAC_B, n, 200);
                byte[] sent = new byte[200];
                frame.copyTo(java.lang.foreign.MemorySegment.ofArray(sent), 0);
                org.margay.fastpath.device.PacketBurst burst = new org.margay.fastpath.device.PacketBurst(1);
                burst.add(frame);
                hosts[0].transmit(burst);
                network.runUntilIdle();
                List<Frames.Received> got = Frames.receiveAll(hosts[1]);
                // A flip in the destination address can send the frame elsewhere (flooded to no one else here).
                for (Frames.Received r : got) {
                    assertEquals(1, bitsDiffering(sent, r.bytes()));
                    delivered++;
                }
                Frames.receiveAll(hosts[0]);
            }
            assertTrue(delivered >= 40, "most corrupted frames still arrive: " + delivered);
            assertEquals(50, hosts[0].toSwitch().impairment().corrupted());
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void reorderingWithADelayLetsLaterFramesOvertake() {
        LinkProfile shuffled = LinkProfile.builder().latencyNanos(1_000)
                .fromSwitch(ImpairmentProfile.builder().reorder(20, 50_000).seed(9).build()).build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, LinkProfile.IDEAL, shuffled);
            for (int n = 0; n < 200; n++) {
                Frames.send(hosts[0], MAC_B, n, 1, 100);
                network.advanceTo(network.now() + 10_000);
            }
            network.runUntilIdle();
            List<Integer> got = Frames.numbers(Frames.receiveAll(hosts[1]));
            assertEquals(200, got.size());
            assertEquals(200, new HashSet<>(got).size());
            assertNotEquals(got.stream().sorted().toList(), got, "some frames were overtaken");
            assertTrue(hosts[1].fromSwitch().impairment().reordered() > 10);
        }
    }

    @Test
    void holdingForTheNextFrameSwapsNeighbours() {
        LinkProfile shuffled = LinkProfile.builder()
                .toSwitch(ImpairmentProfile.builder().reorder(30, ImpairmentProfile.HOLD_FOR_NEXT_FRAME).seed(4).build())
                .build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, shuffled, LinkProfile.IDEAL);
            Frames.send(hosts[0], MAC_B, 0, 100, 100);
            network.runUntilIdle();
            List<Integer> got = Frames.numbers(Frames.receiveAll(hosts[1]));
            int held = hosts[0].toSwitch().holdsAFrame() ? 1 : 0;
            assertEquals(100, got.size() + held);
            for (int i = 1; i < got.size(); i++) {
                if (got.get(i) < got.get(i - 1)) {
                    assertEquals(got.get(i - 1) - 1, got.get(i), "a held frame comes right after its successor: " + got);
                }
            }
            assertNotEquals(got.stream().sorted().toList(), got);
        }
    }

    @Test
    void burstyLossComesInRuns() {
        LinkProfile bursty = LinkProfile.builder()
                .toSwitch(ImpairmentProfile.builder().gilbertElliott(2, 20, 100).seed(5).build()).build();
        try (SimNetwork network = new SimNetwork()) {
            SimPort[] hosts = pair(network, bursty, LinkProfile.IDEAL);
            List<Integer> got = new java.util.ArrayList<>();
            for (int chunk = 0; chunk < 20; chunk++) {
                Frames.send(hosts[0], MAC_B, chunk * 100, 100, 60);
                network.runUntilIdle();
                got.addAll(Frames.numbers(Frames.receiveAll(hosts[1])));
            }
            long lost = 2000 - got.size();
            assertEquals(lost, hosts[0].toSwitch().impairment().dropped());
            int gaps = 0;
            for (int i = 1; i < got.size(); i++) {
                if (got.get(i) != got.get(i - 1) + 1) {
                    gaps++;
                }
            }
            assertTrue(lost > 2 * gaps, "losses cluster into runs: " + lost + " lost in " + gaps + " gaps");
        }
    }

    private static int bitsDiffering(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        }
        return bits;
    }
}
