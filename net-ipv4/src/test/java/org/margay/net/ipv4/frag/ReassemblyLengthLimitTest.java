package org.margay.net.ipv4.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.margay.net.ipv4.Ipv4Packet;

/**
 * RFC 791 §3.2: a reassembled datagram carries its first fragment's header, and Total Length is 16 bits. Each
 * fragment may fit on its own while the whole does not, when the first fragment's header (options) is longer than
 * the later ones' (found by fuzz/ReassemblyFuzzTest: 60 + 65515 = 65575 bytes, whose Total Length wrapped).
 */
class ReassemblyLengthLimitTest {
    private static Ipv4Packet fragment(int headerLength, int offsetUnits, int length, boolean more) {
        byte[] bytes = new byte[headerLength + length];
        for (int i = Ipv4Packet.MIN_HEADER_LENGTH; i < headerLength; i++) {
            bytes[i] = 1; // NOP
        }
        return new Ipv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length).version(4)
                .headerLength(headerLength).totalLength(bytes.length).identification(7).moreFragments(more)
                .fragmentOffset(offsetUnits).ttl(64).protocol(17).source(0x0A000001).destination(0x0A000002)
                .fillChecksum();
    }

    @Test
    void longFirstHeaderPastTheLimitIsDroppedLastFragmentLast() {
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.PENDING, r.offer(fragment(60, 0, 8, true), 0));
        assertEquals(Reassembler.PENDING, r.offer(fragment(20, 1, 65_464, true), 0));
        assertEquals(Reassembler.DROPPED, r.offer(fragment(20, 8_184, 4, false), 0)); // 60 + 65476 = 65536
        assertEquals(1, r.malformed());
        assertEquals(0, r.active());
        assertEquals(0, r.bytesHeld());
    }

    @Test
    void aMiddleFragmentPastTheLimitDropsAtOnceOnceTheFirstHeaderIsKnown() {
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.PENDING, r.offer(fragment(60, 0, 8, true), 0));
        assertEquals(Reassembler.DROPPED, r.offer(fragment(20, 1, 65_504, true), 0)); // ends at 65512: 60 + 65512
        assertEquals(1, r.malformed());
        assertEquals(0, r.active());
    }

    @Test
    void longFirstHeaderPastTheLimitIsDroppedFirstFragmentLast() {
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.PENDING, r.offer(fragment(20, 8_189, 3, false), 0));
        assertEquals(Reassembler.DROPPED, r.offer(fragment(60, 0, 8, true), 0));
        assertEquals(1, r.malformed());
        assertEquals(0, r.active());
    }

    @Test
    void exactly65535BytesStillReassemble() {
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.PENDING, r.offer(fragment(60, 0, 8, true), 0));
        assertEquals(Reassembler.PENDING, r.offer(fragment(20, 1, 65_464, true), 0));
        int slot = r.offer(fragment(20, 8_184, 3, false), 0); // 60 + 65475 = 65535
        assertEquals(65_535, r.datagramLength(slot));
        Ipv4Packet d = new Ipv4Packet().wrap(r.datagram(slot), r.datagramOffset(slot), r.datagramLength(slot));
        assertEquals(65_535, d.totalLength());
        r.release(slot);
        assertEquals(0, r.active());
    }
}
