package org.margay.examples.appliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.net.common.InternetChecksum;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;
import org.quicktheories.generators.Generate;

/** The appliance's filter and rewrite on crafted frames, and on garbage (which must never make them throw). */
class ApplianceOperatorsTest {
    private final ArenaBufferPool buffers = new ArenaBufferPool("appliance-test", 64, 2048, 0);
    private final SgaPool pool = new SgaPool("appliance-test", buffers, 64);

    @AfterEach
    void allBack() {
        assertEquals(0, pool.outstanding());
        buffers.close();
    }

    /** Ethernet (+ optional VLAN tag) + IPv4 (valid checksum) + UDP/TCP ports + 4 bytes of payload. */
    private static byte[] frame(boolean vlan, int protocol, int ttl, int sourcePort, int destinationPort, int fragmentOffset) {
        ByteBuffer b = ByteBuffer.allocate(14 + (vlan ? 4 : 0) + 20 + 8);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        if (vlan) {
            b.putShort((short) 0x8100).putShort((short) 42);
        }
        b.putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 7).putShort((short) fragmentOffset)
                .put((byte) ttl).put((byte) protocol).putShort((short) 0).putInt(0x0A000001).putInt(0x0A000002);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(0x01020304);
        byte[] bytes = b.array();
        int checksum = InternetChecksum.compute(MemorySegment.ofArray(bytes), ip, 20);
        bytes[ip + 10] = (byte) (checksum >>> 8);
        bytes[ip + 11] = (byte) checksum;
        return bytes;
    }

    private Sga element(byte[] bytes) {
        return pool.allocate(bytes.length).fill(bytes);
    }

    private boolean passes(PortRangeFilter f, byte[] bytes) {
        Sga s = element(bytes);
        try {
            return f.test(s);
        } finally {
            pool.free(s);
        }
    }

    @Test
    void theFilterDropsThePortRangeBothWays() {
        PortRangeFilter f = new PortRangeFilter(5000, 5999);
        assertTrue(passes(f, frame(false, 17, 64, 40000, 53, 0)));
        assertFalse(passes(f, frame(false, 17, 64, 40000, 5000, 0)), "destination at the low end");
        assertFalse(passes(f, frame(false, 6, 64, 5999, 80, 0)), "source at the high end");
        assertTrue(passes(f, frame(false, 6, 64, 6000, 4999, 0)));
        assertFalse(passes(f, frame(true, 17, 64, 1, 5353, 0)), "behind a VLAN tag");
        assertTrue(passes(f, frame(false, 1, 64, 5353, 5353, 0)), "ICMP has no ports");
        assertTrue(passes(f, frame(false, 17, 64, 5353, 5353, 100)), "a later fragment carries no ports");
        assertEquals(3, f.droppedByPort());
        assertEquals(7, f.seen());
    }

    @Test
    void theFilterPassesNonIpAndDropsMalformedIp() {
        PortRangeFilter f = new PortRangeFilter(1, 65535);
        byte[] arp = frame(false, 17, 64, 1, 1, 0);
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertTrue(passes(f, arp), "ARP passes");
        assertTrue(passes(f, new byte[] {1, 2, 3}), "a runt that is not IPv4 passes (not this filter's business)");
        byte[] badIhl = frame(false, 17, 64, 1, 1, 0);
        badIhl[14] = 0x44;
        assertFalse(passes(f, badIhl));
        byte[] truncated = java.util.Arrays.copyOf(frame(false, 17, 64, 1, 1, 0), 14 + 20 + 2);
        assertFalse(passes(f, truncated), "ports cut off");
        assertEquals(2, f.droppedMalformed());
    }

    @Test
    void theRewriteDecrementsTtlAndKeepsTheChecksumRight() {
        TtlRewrite r = new TtlRewrite();
        for (boolean vlan : new boolean[] {false, true}) {
            byte[] bytes = frame(vlan, 6, 64, 1000, 80, 0);
            int ip = vlan ? 18 : 14;
            Sga s = element(bytes);
            assertSame(s, r.map(s), "rewritten in place");
            byte[] out = s.toByteArray();
            pool.free(s);
            assertEquals(63, out[ip + 8]);
            assertEquals(0, InternetChecksum.compute(MemorySegment.ofArray(out), ip, 20), "the header still verifies");
        }
        assertEquals(2, r.rewritten());
    }

    @Test
    void aPacketWhoseTtlRunsOutIsDropped() {
        TtlRewrite r = new TtlRewrite();
        Sga s = element(frame(false, 17, 1, 1, 2, 0));
        assertNull(r.map(s));
        pool.free(s);
        assertEquals(1, r.expired());
    }

    @Test
    void garbageNeverThrows() {
        PortRangeFilter f = new PortRangeFilter(0, 1024);
        TtlRewrite r = new TtlRewrite();
        qt().withExamples(2000)
                .forAll(Generate.byteArrays(integers().between(1, 80), Generate.bytes((byte) -128, (byte) 127, (byte) 0)),
                        integers().between(0, 3))
                .checkAssert((bytes, variant) -> {
                    if (variant > 0 && bytes.length > 14) {
                        bytes[12] = variant == 1 ? (byte) 0x08 : (byte) 0x81;   // IPv4, or a VLAN tag
                        bytes[13] = 0;
                    }
                    Sga s = element(bytes);
                    try {
                        f.test(s);
                        r.map(s);
                    } finally {
                        pool.free(s);
                    }
                });
    }
}
