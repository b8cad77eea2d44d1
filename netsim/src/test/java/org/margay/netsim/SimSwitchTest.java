package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.MacAddress;

class SimSwitchTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;
    private static final long MAC_C = 0x02_00_00_00_00_0CL;
    private static final long MAC_D = 0x02_00_00_00_00_0DL;
    private static final long NOBODY = 0x02_00_00_00_00_99L;

    @Test
    void broadcastFloodsEveryOtherPortAndUnicastFollowsLearning() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL);
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL);
            SimPort c = sw.attach("c", MAC_C, LinkProfile.IDEAL);
            SimPort d = sw.attach("d", MAC_D, LinkProfile.IDEAL);

            Frames.send(a, MacAddress.BROADCAST, 1, 1, 60);
            network.runUntilIdle();
            assertEquals(0, Frames.receiveAll(a).size(), "never back out of the ingress port");
            for (SimPort other : List.of(b, c, d)) {
                List<Frames.Received> got = Frames.receiveAll(other);
                assertEquals(1, got.size(), other.name());
                assertEquals(MAC_A, got.get(0).source());
            }
            assertEquals(1, sw.floodedFrames());
            assertEquals(0, sw.learnedPort(MAC_A));

            Frames.send(b, MAC_A, 2, 1, 60);
            network.runUntilIdle();
            assertEquals(List.of(2), Frames.numbers(Frames.receiveAll(a)));
            assertEquals(0, Frames.receiveAll(c).size() + Frames.receiveAll(d).size(), "a known unicast is not flooded");
            assertEquals(1, sw.forwardedFrames());
            assertEquals(1, sw.learnedPort(MAC_B));

            Frames.send(a, NOBODY, 3, 1, 60);
            network.runUntilIdle();
            assertEquals(3, Frames.receiveAll(b).size() + Frames.receiveAll(c).size() + Frames.receiveAll(d).size(),
                    "an unknown destination is flooded");
            assertEquals(2, sw.floodedFrames());

            Frames.send(a, MAC_A, 4, 1, 60);
            network.runUntilIdle();
            assertEquals(1, sw.filteredFrames(), "a destination behind the ingress port is filtered");
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }

    @Test
    void malformedFramesAreRefusedAtThePort() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL, PortOptions.defaults().withMtu(1000));
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL);
            PacketBurst burst = new PacketBurst(4);
            PacketBuffer runt = a.pool().allocate();
            runt.append(13);
            burst.add(runt);
            burst.add(Frames.frame(a, MAC_B, 1, 1018)); // mtu 1000 + 18 bytes: the largest allowed
            burst.add(Frames.frame(a, MAC_B, 2, 1019));
            assertEquals(3, a.transmit(burst), "the port takes every frame and releases the bad ones");
            assertEquals(0, burst.count());
            assertEquals(2, a.statistics().txErrors());
            assertEquals(1, a.statistics().txPackets());
            network.runUntilIdle();
            assertEquals(1018, Frames.receiveAll(b).get(0).bytes().length);
            SimNetworkTimingTest.assertNoBuffersOut(network);
            assertTrue(a.toString().contains("mtu 1000"));
        }
    }

    @Test
    void chainedFramesAreFlattenedOnTheWay() {
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, LinkProfile.IDEAL);
            SimPort b = sw.attach("b", MAC_B, LinkProfile.IDEAL);
            PacketBuffer whole = Frames.frame(a, MAC_B, 9, 100);
            byte[] expected = new byte[100];
            whole.copyTo(java.lang.foreign.MemorySegment.ofArray(expected), 0);
            // Split it: 8 bytes in the head (less than a header), the rest in a second segment.
            PacketBuffer tail = a.pool().allocate();
            whole.copyTo(tail);
            tail.trimFront(8);
            whole.trimBack(92);
            whole.next(tail);
            PacketBurst burst = new PacketBurst(1);
            burst.add(whole);
            a.transmit(burst);
            network.runUntilIdle();
            List<Frames.Received> got = Frames.receiveAll(b);
            assertEquals(1, got.size());
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got.get(0).bytes());
            SimNetworkTimingTest.assertNoBuffersOut(network);
        }
    }
}
