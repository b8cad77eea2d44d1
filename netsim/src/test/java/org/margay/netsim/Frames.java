package org.margay.netsim;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.Bytes;

/** Test frames: an Ethernet header, a 4-byte sequence number, filler up to the length asked for. */
final class Frames {
    static final int EXPERIMENTAL_ETHERTYPE = 0x88B5; // IEEE 802 local experimental EtherType 1

    private Frames() {
    }

    static PacketBuffer frame(NetworkDevice from, long destination, int number, int length) {
        PacketBuffer frame = from.pool().allocate();
        int at = frame.append(length);
        Bytes.u48(frame.segment(), at, destination);
        Bytes.u48(frame.segment(), at + 6, from.macAddress());
        Bytes.u16(frame.segment(), at + 12, EXPERIMENTAL_ETHERTYPE);
        Bytes.u32(frame.segment(), at + 14, number);
        for (int i = 18; i < length; i++) {
            frame.segment().set(ValueLayout.JAVA_BYTE, at + i, (byte) (i * 7 + number));
        }
        return frame;
    }

    static void send(NetworkDevice from, long destination, int first, int count, int length) {
        PacketBurst burst = new PacketBurst(Math.max(1, count));
        for (int i = 0; i < count; i++) {
            burst.add(frame(from, destination, first + i, length));
        }
        from.transmit(burst);
    }

    /** A received frame, as the test sees it. */
    record Received(int number, long source, long destination, long timestamp, byte[] bytes) {
    }

    static List<Received> receiveAll(NetworkDevice device) {
        List<Received> out = new ArrayList<>();
        PacketBurst burst = new PacketBurst(8);
        while (device.receive(burst) > 0) {
            for (int i = 0; i < burst.count(); i++) {
                PacketBuffer frame = burst.get(i);
                byte[] bytes = new byte[frame.frameLength()];
                frame.copyTo(java.lang.foreign.MemorySegment.ofArray(bytes), 0);
                int at = frame.start();
                out.add(new Received((int) Bytes.u32(frame.segment(), at + 14), Bytes.u48(frame.segment(), at + 6),
                        Bytes.u48(frame.segment(), at), frame.timestamp(), bytes));
            }
            burst.releaseAll();
        }
        return out;
    }

    static List<Integer> numbers(List<Received> frames) {
        List<Integer> numbers = new ArrayList<>();
        for (Received r : frames) {
            numbers.add(r.number());
        }
        return numbers;
    }
}
