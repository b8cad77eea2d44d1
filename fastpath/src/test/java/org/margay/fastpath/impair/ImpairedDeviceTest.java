package org.margay.fastpath.impair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.VirtualClock;

class ImpairedDeviceTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackPair pair = new LoopbackPair("imp", 512, 256, 64, 512, clock);
    private final PacketBurst burst = new PacketBurst(32);

    @AfterEach
    void noLeaks() {
        pair.a().close();
        pair.b().close();
        pair.a().pool().assertNoLeaks();
        pair.b().pool().assertNoLeaks();
        pair.close();
    }

    @Test
    void totalLossOnTransmitDropsEverythingAndReleasesIt() {
        ImpairedDevice a = impairTransmit(ImpairmentProfile.builder().loss(100).build());
        send(a, 0, 10);
        assertEquals(List.of(), receiveNumbers(pair.b()));
        assertEquals(10, a.transmitImpairment().dropped());
        assertEquals(0, pair.a().pool().outstanding());
        a.close();
    }

    @Test
    void lossOnReceiveWorksTheSameWay() {
        ImpairedDevice b = new ImpairedDevice(pair.b(), ImpairmentProfile.NONE,
                ImpairmentProfile.builder().loss(100).build(), clock, 32);
        send(pair.a(), 0, 5);
        assertEquals(List.of(), receiveNumbers(b));
        assertEquals(5, b.receiveImpairment().dropped());
        b.close();
    }

    @Test
    void duplicationDeliversEachFrameTwiceAsSeparateBuffers() {
        ImpairedDevice a = impairTransmit(ImpairmentProfile.builder().duplicate(100).build());
        send(a, 0, 4);
        PacketBurst in = new PacketBurst(8);
        assertEquals(8, pair.b().receive(in));
        for (int i = 0; i < 8; i += 2) {
            assertEquals(i / 2, in.get(i).segment().get(ValueLayout.JAVA_INT_UNALIGNED, in.get(i).start()));
            assertEquals(i / 2, in.get(i + 1).segment().get(ValueLayout.JAVA_INT_UNALIGNED, in.get(i + 1).start()));
            assertTrue(in.get(i) != in.get(i + 1), "a duplicate is its own buffer");
            assertEquals(1, in.get(i).refCount());
        }
        in.releaseAll();
        assertEquals(4, a.transmitImpairment().duplicated());
        a.close();
    }

    @Test
    void corruptionFlipsOneBitAndNeverDamagesABufferSomeoneElseHolds() {
        ImpairedDevice a = impairTransmit(ImpairmentProfile.builder().corrupt(100).seed(7).build());
        PacketBuffer kept = frame(pair.a(), 42);
        kept.retain(); // the sender keeps it, say for retransmission
        byte[] original = bytes(kept);
        burst.add(kept);
        assertEquals(1, a.transmit(burst));

        PacketBurst in = new PacketBurst(4);
        assertEquals(1, pair.b().receive(in));
        byte[] received = bytes(in.get(0));
        assertEquals(1, bitsDiffering(original, received), "exactly one bit flipped on the wire");
        assertEquals(0, bitsDiffering(original, bytes(kept)), "the retained buffer is untouched");
        in.releaseAll();
        kept.release();

        PacketBuffer alone = frame(pair.a(), 43);
        byte[] before = bytes(alone);
        burst.add(alone);
        a.transmit(burst);
        pair.b().receive(in);
        assertEquals(1, bitsDiffering(before, bytes(in.get(0))), "a sole holder's frame is damaged in place");
        in.releaseAll();
        assertEquals(2, a.transmitImpairment().corrupted());
        assertEquals(0, a.corruptionsSkipped());
        a.close();
    }

    @Test
    void reorderingWithADelayLetsLaterFramesPassAndReleasesOnTime() {
        ImpairedDevice a = impairTransmit(ImpairmentProfile.builder().reorder(30, 1_000).seed(3).build());
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            send(a, i, 1);
            clock.advance(100);
            a.receive(burst); // lets held frames go when due
            received.addAll(receiveNumbers(pair.b()));
        }
        assertTrue(a.nextDeadline() < Long.MAX_VALUE, "some frames are still held");
        clock.set(a.nextDeadline() + 1_000);
        a.receive(burst);
        received.addAll(receiveNumbers(pair.b()));
        assertEquals(Long.MAX_VALUE, a.nextDeadline());
        assertEquals(200, received.size());
        assertEquals(200, received.stream().distinct().count());
        assertTrue(inversions(received) > 0, "some frames were overtaken");
        assertTrue(a.transmitImpairment().reordered() > 20);
        a.close();
    }

    @Test
    void holdForNextFrameDeliversAHeldFrameRightAfterItsSuccessor() {
        ImpairedDevice a = impairTransmit(ImpairmentProfile.builder().reorder(30, ImpairmentProfile.HOLD_FOR_NEXT_FRAME)
                .seed(11).build());
        send(a, 0, 200);
        List<Integer> received = receiveNumbers(pair.b());
        int held = a.pendingFrames();
        assertEquals(200, received.size() + held);
        assertTrue(inversions(received) > 0);
        for (int i = 1; i < received.size(); i++) {
            // Held frames follow the next delivered frame, so none falls far behind.
            assertTrue(received.get(i) >= received.get(i - 1) - 64, received.toString());
        }
        a.close(); // releases the frames still held
    }

    @Test
    void sameSeedSameTraffic() {
        ImpairmentProfile profile = ImpairmentProfile.builder().loss(10).duplicate(10).reorder(10, 0).seed(5).build();
        ImpairedDevice a = impairTransmit(profile);
        send(a, 0, 100);
        List<Integer> first = receiveNumbers(pair.b());
        a.close();
        try (LoopbackPair other = new LoopbackPair("imp2", 512, 256, 64, 512, clock)) {
            ImpairedDevice again = new ImpairedDevice(other.a(), profile, ImpairmentProfile.NONE, clock, 32);
            send(again, 0, 100);
            assertEquals(first, receiveNumbers(other.b()));
            again.close();
        }
    }

    private ImpairedDevice impairTransmit(ImpairmentProfile profile) {
        return new ImpairedDevice(pair.a(), profile, ImpairmentProfile.NONE, clock, 32);
    }

    private void send(NetworkDevice device, int first, int count) {
        for (int i = 0; i < count; i++) {
            burst.add(frame(pair.a(), first + i));
            if (burst.isFull() || i == count - 1) {
                device.transmit(burst);
                assertEquals(0, burst.count());
            }
        }
    }

    private static PacketBuffer frame(NetworkDevice device, int number) {
        PacketBuffer frame = device.pool().allocate();
        int at = frame.append(64);
        frame.segment().set(ValueLayout.JAVA_INT_UNALIGNED, at, number);
        for (int i = 4; i < 64; i++) {
            frame.segment().set(ValueLayout.JAVA_BYTE, at + i, (byte) i);
        }
        return frame;
    }

    private static List<Integer> receiveNumbers(NetworkDevice device) {
        List<Integer> numbers = new ArrayList<>();
        PacketBurst in = new PacketBurst(16);
        while (device.receive(in) > 0) {
            for (int i = 0; i < in.count(); i++) {
                numbers.add(in.get(i).segment().get(ValueLayout.JAVA_INT_UNALIGNED, in.get(i).start()));
            }
            in.releaseAll();
        }
        return numbers;
    }

    private static byte[] bytes(PacketBuffer frame) {
        byte[] out = new byte[frame.frameLength()];
        frame.copyTo(java.lang.foreign.MemorySegment.ofArray(out), 0);
        return out;
    }

    private static int bitsDiffering(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        }
        return bits;
    }

    private static int inversions(List<Integer> sequence) {
        int inversions = 0;
        for (int i = 1; i < sequence.size(); i++) {
            if (sequence.get(i) < sequence.get(i - 1)) {
                inversions++;
            }
        }
        return inversions;
    }
}
