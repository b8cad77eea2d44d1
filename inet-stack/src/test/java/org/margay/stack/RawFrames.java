package org.margay.stack;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.net.common.Bytes;
import org.margay.net.ethernet.EtherType;
import org.margay.net.icmp.IcmpMessage;
import org.margay.net.ipv4.Ipv4Packet;

/** Test helper: builds raw frames and moves them through a device by hand. */
final class RawFrames {
    private RawFrames() {
    }

    /** Sends a frame of {@code bytes} from {@code device} (the far side receives it). */
    static void send(NetworkDevice device, byte[] bytes) {
        PacketBuffer frame = device.pool().allocate();
        int at = frame.append(bytes.length);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, frame.segment(), at, bytes.length);
        PacketBurst burst = new PacketBurst(1);
        burst.add(frame);
        device.transmit(burst);
    }

    /** Takes every frame waiting at {@code device} as byte arrays. */
    static java.util.List<byte[]> receiveAll(NetworkDevice device) {
        PacketBurst burst = new PacketBurst(64);
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        device.receive(burst);
        for (int i = 0; i < burst.count(); i++) {
            PacketBuffer b = burst.get(i);
            byte[] copy = new byte[b.length()];
            MemorySegment.copy(b.segment(), b.start(), MemorySegment.ofArray(copy), 0, copy.length);
            frames.add(copy);
        }
        burst.releaseAll();
        return frames;
    }

    /** An Ethernet + IPv4 frame with {@code payload}, header checksum filled. */
    static byte[] ipv4(long dstMac, long srcMac, int src, int dst, int protocol, byte[] payload) {
        byte[] f = new byte[14 + 20 + payload.length];
        MemorySegment s = MemorySegment.ofArray(f);
        Bytes.u48(s, 0, dstMac);
        Bytes.u48(s, 6, srcMac);
        Bytes.u16(s, 12, EtherType.IPV4);
        new Ipv4Packet().wrap(s, 14, 20 + payload.length).version(4).headerLength(20).totalLength(20 + payload.length)
                .ttl(64).protocol(protocol).source(src).destination(dst).fillChecksum();
        System.arraycopy(payload, 0, f, 34, payload.length);
        return f;
    }

    /** An ICMP message of {@code type}/{@code code} quoting {@code quoted} (an IP datagram), checksum filled. */
    static byte[] icmpError(int type, int code, byte[] quoted, int quotedOffset, int quotedLength) {
        byte[] m = new byte[8 + quotedLength];
        System.arraycopy(quoted, quotedOffset, m, 8, quotedLength);
        new IcmpMessage().wrap(MemorySegment.ofArray(m), 0, m.length).type(type).code(code).restOfHeader(0)
                .fillChecksum(m.length);
        return m;
    }
}
