package org.margay.netsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.testkit.AllocationMeter;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.common.Bytes;

/**
 * The simulator allocates nothing per frame once warm: the bytes this thread allocates over ten thousand
 * round trips stay far below even one small object per frame. (An allocation count, not a timing.)
 */
class SteadyStateAllocationTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL;
    private static final long MAC_B = 0x02_00_00_00_00_0BL;

    @Test
    void framesCrossTheSimulatorWithoutAllocating() {
        AllocationMeter threads = AllocationMeter.currentThread();
        ImpairmentProfile faults = ImpairmentProfile.builder().loss(5).gilbertElliott(1, 20, 50).duplicate(5)
                .corrupt(5).reorder(5, 3_000).seed(1).build();
        LinkProfile link = LinkProfile.builder().latencyNanos(2_000).bandwidthBitsPerSecond(10_000_000_000L)
                .queueFrames(64).bothWays(faults).build();
        try (SimNetwork network = new SimNetwork()) {
            SimSwitch sw = network.addSwitch("sw");
            SimPort a = sw.attach("a", MAC_A, link);
            SimPort b = sw.attach("b", MAC_B, link);
            PacketBurst out = new PacketBurst(4);
            PacketBurst in = new PacketBurst(16);
            roundTrips(network, a, b, out, in, 3_000); // warm up: learning, array growth, class loading
            long before = threads.allocatedBytes();
            long received = roundTrips(network, a, b, out, in, 10_000);
            long allocated = threads.allocatedBytes() - before;
            assertTrue(received > 30_000, "traffic flowed: " + received);
            assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes for 40000 frames");
            assertEquals(0, a.pool().outstanding() + b.pool().outstanding(), "every frame came back to its pool");
        }
    }

    private static long roundTrips(SimNetwork network, SimPort a, SimPort b, PacketBurst out, PacketBurst in, int n) {
        long received = 0;
        for (int i = 0; i < n; i++) {
            out.add(frame(a, MAC_B, i));
            out.add(frame(a, MAC_B, i));
            a.transmit(out);
            out.add(frame(b, MAC_A, i));
            out.add(frame(b, MAC_A, i));
            b.transmit(out);
            network.advanceTo(network.now() + 1_000);
            received += drain(a, in) + drain(b, in);
        }
        network.runUntilIdle();
        return received + drain(a, in) + drain(b, in);
    }

    private static int drain(SimPort port, PacketBurst in) {
        int total = 0;
        while (port.receive(in) > 0) {
            total += in.count();
            in.releaseAll();
        }
        return total;
    }

    private static PacketBuffer frame(SimPort from, long destination, int number) {
        PacketBuffer frame = from.pool().allocate();
        int at = frame.append(128);
        Bytes.u48(frame.segment(), at, destination);
        Bytes.u48(frame.segment(), at + 6, from.macAddress());
        Bytes.u16(frame.segment(), at + 12, Frames.EXPERIMENTAL_ETHERTYPE);
        Bytes.u32(frame.segment(), at + 14, number);
        return frame;
    }
}
