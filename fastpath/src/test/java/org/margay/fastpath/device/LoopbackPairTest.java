package org.margay.fastpath.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.time.VirtualClock;

class LoopbackPairTest {
    private final VirtualClock clock = new VirtualClock(1_000);

    @Test
    void whatOneEndSendsTheOtherReceivesInOrder() {
        try (LoopbackPair pair = new LoopbackPair("lo", 16, 256, 64, 8, clock)) {
            NetworkDevice a = pair.a();
            NetworkDevice b = pair.b();
            PacketBurst out = new PacketBurst(4);
            for (int i = 0; i < 3; i++) {
                PacketBuffer frame = a.pool().allocate();
                frame.segment().set(ValueLayout.JAVA_BYTE, frame.append(60), (byte) i);
                out.add(frame);
            }
            assertEquals(3, a.transmit(out));
            assertEquals(0, out.count());

            PacketBurst in = new PacketBurst(2);
            assertEquals(2, b.receive(in));
            assertEquals(0, in.get(0).segment().get(ValueLayout.JAVA_BYTE, in.get(0).start()));
            assertEquals(1, in.get(1).segment().get(ValueLayout.JAVA_BYTE, in.get(1).start()));
            assertEquals(1_000, in.get(0).timestamp());
            in.releaseAll();
            assertEquals(1, b.receive(in));
            in.releaseAll();
            assertEquals(0, b.receive(in));

            assertEquals(3, a.statistics().txPackets());
            assertEquals(180, a.statistics().txBytes());
            assertEquals(3, b.statistics().rxPackets());
            assertEquals(0, a.pool().outstanding(), "received frames go back to the sender's pool");
            assertEquals(LoopbackPair.DEFAULT_MAC_A, a.macAddress());
            assertEquals(1500, b.mtu());
            assertSame(DeviceCapabilities.NONE, a.capabilities());
        }
    }

    @Test
    void aFullPeerRingPushesBack() {
        try (LoopbackPair pair = new LoopbackPair("lo", 16, 128, 0, 2, clock)) {
            PacketBurst out = new PacketBurst(4);
            PacketBuffer[] frames = new PacketBuffer[4];
            for (int i = 0; i < 4; i++) {
                frames[i] = pair.a().pool().allocate();
                out.add(frames[i]);
            }
            assertEquals(2, pair.a().transmit(out));
            assertEquals(2, out.count(), "untaken frames stay with the caller");
            assertSame(frames[2], out.get(0));
            assertSame(frames[3], out.get(1));
            out.releaseAll();
            PacketBurst in = new PacketBurst(8);
            assertEquals(2, pair.b().receive(in));
            in.releaseAll();
            assertEquals(0, pair.a().pool().outstanding());
        }
    }

    @Test
    void closeReleasesQueuedFrames() {
        LoopbackPair pair = new LoopbackPair("lo", 4, 128, 0, 4, clock);
        PacketBurst out = new PacketBurst(2);
        out.add(pair.a().pool().allocate());
        pair.a().transmit(out);
        assertEquals(1, pair.a().pool().outstanding());
        pair.b().close();
        assertEquals(0, pair.a().pool().outstanding());
        out.add(pair.a().pool().allocate());
        assertEquals(0, pair.a().transmit(out), "a closed peer takes nothing");
        out.releaseAll();
        pair.close();
    }
}
