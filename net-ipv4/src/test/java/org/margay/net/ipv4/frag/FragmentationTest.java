package org.margay.net.ipv4.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.ipv4.Ipv4Packet;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class FragmentationTest {
    private static final long S = 1_000_000_000L;
    private final Arena arena = Arena.ofAuto();
    private final Fragmenter fragmenter = new Fragmenter();
    private final Ipv4Packet view = new Ipv4Packet();

    private MemorySegment header(int options) {
        MemorySegment h = arena.allocate(60);
        int hl = 20 + options;
        new Ipv4Packet().wrap(h, 0, 60).version(4).headerLength(hl).ttl(64).protocol(17).identification(0x1234)
                .source(0x0A000001).destination(0x0A000002);
        if (options > 0) {
            // a copied option (LSRR-like kind 0x83 would need validity; use a copied unknown kind 0x88 = stream id, len 4)
            h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 20, (byte) 0x88);
            h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 21, (byte) 4);
            // then a non-copied record-route sized option (kind 7, len 3+4k) is skipped in later fragments
            h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 24, (byte) 7);
            h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 25, (byte) 7);
            h.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 26, (byte) 4);
        }
        return h;
    }

    private MemorySegment payload(int length, long seed) {
        MemorySegment p = arena.allocate(Math.max(1, length));
        Random random = new Random(seed);
        for (int i = 0; i < length; i++) {
            p.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
        return p;
    }

    private List<MemorySegment> fragment(MemorySegment header, MemorySegment payload, int length, int mtu) {
        List<MemorySegment> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            MemorySegment f = arena.allocate(mtu);
            int n = fragmenter.writeFragment(header, 0, payload, 0, length, mtu, i, f, 0);
            if (n == 0) {
                return out;
            }
            assertTrue(n <= mtu, "fragment of " + n + " exceeds MTU " + mtu);
            out.add(f.asSlice(0, n));
        }
    }

    private int offer(Reassembler r, MemorySegment fragment, long now) {
        view.wrap(fragment, 0, (int) fragment.byteSize());
        assertEquals(org.margay.net.common.WireStatus.OK, view.check());
        assertTrue(view.checksumValid());
        return r.offer(view, now);
    }

    @Test
    void fragmentsAndReassemblesInAnyOrder() {
        QuickTheory.qt().withExamples(150)
                .forAll(SourceDSL.integers().between(1, 9000), SourceDSL.integers().between(68, 1500),
                        SourceDSL.longs().all(), SourceDSL.booleans().all())
                .checkAssert((length, mtu, seed, withOptions) -> {
                    MemorySegment h = header(withOptions ? 12 : 0);
                    MemorySegment p = payload(length, seed);
                    List<MemorySegment> fragments = fragment(h, p, length, mtu);
                    if (fragments.size() == 1) {
                        return;
                    }
                    Collections.shuffle(fragments, new Random(seed));
                    Reassembler r = new Reassembler(ReassemblyConfig.defaults());
                    int result = Reassembler.PENDING;
                    for (int i = 0; i < fragments.size(); i++) {
                        result = offer(r, fragments.get(i), 0);
                        if (i < fragments.size() - 1) {
                            assertEquals(Reassembler.PENDING, result);
                        }
                    }
                    assertTrue(result >= 0, "complete after every fragment");
                    view.wrap(r.datagram(result), r.datagramOffset(result), r.datagramLength(result));
                    assertEquals(org.margay.net.common.WireStatus.OK, view.check());
                    assertTrue(view.checksumValid());
                    assertEquals(length, view.payloadLength());
                    assertEquals(-1L, MemorySegment.mismatch(p, 0, length, view.segment(), view.payloadOffset(),
                            view.payloadOffset() + length));
                    r.release(result);
                    assertEquals(0, r.active());
                    assertEquals(0, r.bytesHeld());
                });
    }

    @Test
    void laterFragmentsKeepOnlyCopiedOptions() {
        MemorySegment h = header(12);
        List<MemorySegment> fragments = fragment(h, payload(3000, 1), 3000, 1500);
        assertEquals(32, view.wrap(fragments.get(0), 0, 1500).headerLength());
        assertEquals(24, view.wrap(fragments.get(1), 0, 1500).headerLength());
        assertEquals(0x88, Byte.toUnsignedInt(fragments.get(1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 20)));
    }

    @Test
    void overlappingFragmentDropsTheWholeDatagram() {
        MemorySegment h = header(0);
        List<MemorySegment> fragments = fragment(h, payload(4000, 2), 4000, 1500);
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.PENDING, offer(r, fragments.get(0), 0));
        // a fragment that starts 8 bytes into the first one's data overlaps it
        MemorySegment evil = arena.allocate(1500);
        MemorySegment.copy(fragments.get(1), 0, evil, 0, fragments.get(1).byteSize());
        view.wrap(evil, 0, (int) fragments.get(1).byteSize());
        view.fragmentOffset(view.fragmentOffset() - 1).fillChecksum();
        assertEquals(Reassembler.DROPPED, offer(r, evil.asSlice(0, fragments.get(1).byteSize()), 0));
        assertEquals(1, r.overlaps());
        assertEquals(0, r.active());
        // an exact duplicate is ignored, not an overlap
        assertEquals(Reassembler.PENDING, offer(r, fragments.get(0), 0));
        assertEquals(Reassembler.DUPLICATE, offer(r, fragments.get(0), 0));
        assertEquals(1, r.duplicates());
    }

    @Test
    void incompleteDatagramTimesOut() {
        List<MemorySegment> fragments = fragment(header(0), payload(3000, 3), 3000, 1500);
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        offer(r, fragments.get(0), 5 * S);
        assertEquals(35 * S, r.nextDeadline());
        assertEquals(0, r.poll(35 * S - 1));
        assertEquals(1, r.poll(35 * S));
        assertEquals(1, r.timeouts());
        assertEquals(Long.MAX_VALUE, r.nextDeadline());
        assertEquals(0, r.bytesHeld());
    }

    @Test
    void memoryCapsDropDatagrams() {
        List<MemorySegment> fragments = fragment(header(0), payload(6000, 4), 6000, 1500);
        Reassembler r = new Reassembler(ReassemblyConfig.defaults().withCaps(3000, 100_000));
        assertEquals(Reassembler.PENDING, offer(r, fragments.get(0), 0));
        assertEquals(Reassembler.PENDING, offer(r, fragments.get(1), 0));
        assertEquals(Reassembler.DROPPED, offer(r, fragments.get(2), 0)); // 3 x 1480 > 3000 per source
        assertEquals(1, r.memoryDrops());
        assertEquals(0, r.bytesHeldBy(0x0A000001));

        Reassembler global = new Reassembler(ReassemblyConfig.defaults().withCaps(100_000, 2000));
        assertEquals(Reassembler.PENDING, offer(global, fragments.get(0), 0));
        assertEquals(Reassembler.DROPPED, offer(global, fragments.get(1), 0));
        assertEquals(1, global.memoryDrops());
    }

    @Test
    void badFragmentLengthIsMalformed() {
        List<MemorySegment> fragments = fragment(header(0), payload(3000, 5), 3000, 1500);
        MemorySegment f = arena.allocate(1500);
        MemorySegment.copy(fragments.get(0), 0, f, 0, 1500);
        view.wrap(f, 0, 1500).totalLength(1499).fillChecksum(); // MF set but 1479 bytes: not a multiple of 8
        Reassembler r = new Reassembler(ReassemblyConfig.defaults());
        assertEquals(Reassembler.DROPPED, offer(r, f.asSlice(0, 1499), 0));
        assertEquals(1, r.malformed());
    }
}
