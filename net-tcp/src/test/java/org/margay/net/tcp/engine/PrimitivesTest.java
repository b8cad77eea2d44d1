package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SipHash, SYN cookies, the connection table and configuration validation. */
class PrimitivesTest {
    private static final long K0 = 0x0706050403020100L; // key bytes 00..0f, little-endian words
    private static final long K1 = 0x0F0E0D0C0B0A0908L;

    @Test
    void sipHashReferenceVector() {
        byte[] message = new byte[15];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        assertEquals(0xa129ca6149be45e5L, SipHash.hash(K0, K1, message)); // the paper's Appendix A vector
        assertEquals(0x726fdb47dd0e0e31L, SipHash.hash(K0, K1, new byte[0]));
    }

    @Test
    void sipHashWordFormsMatchTheByteForm() {
        qt().forAll(longs().all(), longs().all(), longs().all()).checkAssert((a, b, c) -> {
            byte[] sixteen = new byte[16];
            byte[] twentyFour = new byte[24];
            for (int i = 0; i < 8; i++) {
                sixteen[i] = twentyFour[i] = (byte) (a >>> (8 * i));
                sixteen[8 + i] = twentyFour[8 + i] = (byte) (b >>> (8 * i));
                twentyFour[16 + i] = (byte) (c >>> (8 * i));
            }
            assertEquals(SipHash.hash(K0, K1, sixteen), SipHash.hash16(K0, K1, a, b));
            assertEquals(SipHash.hash(K0, K1, twentyFour), SipHash.hash24(K0, K1, a, b, c));
        });
    }

    @Test
    void synCookieRoundTripsWithinTwoMinutesAndExpiresAfter() {
        SynCookies cookies = new SynCookies(1, 2);
        qt().forAll(integers().all(), integers().between(0, 3), longs().between(0, 1L << 50), integers().all())
                .checkAssert((isn, mss, now, port) -> {
                    int p = port & 0xFFFF;
                    int cookie = cookies.cookie(now, 10, 80, 20, p, isn, mss);
                    assertEquals(mss, cookies.check(now, 10, 80, 20, p, isn, cookie));
                    assertEquals(mss, cookies.check(now + SynCookies.MINUTE_NANOS, 10, 80, 20, p, isn, cookie));
                    assertEquals(-1, cookies.check(now + 3 * SynCookies.MINUTE_NANOS, 10, 80, 20, p, isn, cookie));
                    assertEquals(-1, cookies.check(now, 10, 80, 20, p, isn + 1000, cookie)); // the encoding is linear in the ISN, as in Linux
                    assertEquals(-1, cookies.check(now, 10, 81, 20, p, isn, cookie));
                });
    }

    @Test
    void synCookieTimestampCarriesWindowScaleAndSack() {
        int ts = SynCookies.encodeTimestamp(1_000_000, 7, true);
        assertTrue(Integer.compareUnsigned(ts, 1_000_000) <= 0);
        assertEquals(7, SynCookies.decodeWindowShift(ts));
        assertTrue(SynCookies.decodeSackPermitted(ts));
        int none = SynCookies.encodeTimestamp(1_000_000, -1, false);
        assertEquals(-1, SynCookies.decodeWindowShift(none));
        assertEquals(3, SynCookies.mssIndex(1460));
        assertEquals(2, SynCookies.mssIndex(1459));
        assertEquals(0, SynCookies.mssIndex(100));
    }

    @Test
    void connectionTableAgreesWithAHashMap() {
        TcpLayer layer = new TcpLayer(TcpConfig.defaults(), 9);
        SplittableRandom random = new SplittableRandom(5);
        ConnectionTable table = new ConnectionTable(16, 3);
        Map<Long, TcpConnection> model = new HashMap<>();
        TcpConfig small = TcpConfig.builder().sendBufferSize(1024).receiveBufferSize(1024).build();
        for (int step = 0; step < 5000; step++) {
            int port = random.nextInt(300);
            long key = port;
            TcpConnection existing = model.get(key);
            if (existing == null) {
                TcpConnection c = new TcpConnection(layer, small, 1, 80, 2, port);
                table.put(c);
                model.put(key, c);
            } else if (random.nextBoolean()) {
                assertTrue(table.remove(existing));
                model.remove(key);
            }
            int probe = random.nextInt(300);
            assertSame(model.get((long) probe), table.get(1, 80, 2, probe));
            assertEquals(model.size(), table.size());
        }
        assertNull(table.get(1, 81, 2, 5));
    }

    @Test
    void configDefaultsAndValidation() {
        TcpConfig d = TcpConfig.defaults();
        assertEquals(1460, d.mss());
        assertEquals(40_000_000L, d.delayedAckNanos()); // Linux's TCP_DELACK_MIN
        assertEquals(16, d.quickAckSegments()); // Linux's TCP_MAX_QUICKACKS
        assertEquals(10_000_000L, d.minProbeTimeoutNanos());
        assertEquals(60_000_000_000L, d.timeWaitNanos());
        assertEquals(3, d.receiveWindowShift());
        assertEquals(7, TcpConfig.builder().receiveBufferSize(4 << 20).build().receiveWindowShift());
        assertEquals(14, TcpConfig.builder().receiveBufferSize(1 << 30).build().receiveWindowShift());
        assertEquals(0, TcpConfig.builder().windowScaling(false).build().receiveWindowShift());
        assertEquals(40_000_000L, TcpConfig.builder().linuxDelayedAck().build().delayedAckNanos());
        assertEquals(1400 - 40 + 40, TcpConfig.builder().mtu(1400).build().mss() + 40);
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().congestionControl("bbr").build());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().delayedAckNanos(600_000_000L).build());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().delayedAckNanos(200_000_001L).build());
        assertEquals(200_000_000L, TcpConfig.builder().delayedAckNanos(200_000_000L).build().delayedAckNanos());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().quickAckSegments(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().minProbeTimeoutNanos(-1).build());
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.builder().mss(20).build());
        assertThrows(IllegalArgumentException.class,
                () -> TcpConfig.builder().initialRtoNanos(1).minRtoNanos(2).build());
        assertEquals("newreno", TcpConfig.builder().congestionControl(" NewReno ").build().congestionControl());
    }

    @Test
    void listenerTableFindsExactBeforeWildcardAndClosedListenersStop() {
        Harness h = new Harness();
        TcpListener any = h.layer.listen(0, 80, 4);
        TcpListener exact = h.layer.listen(Harness.LOCAL_IP, 80, 4);
        h.inject(new Seg(Harness.REMOTE_PORT, 80).seq(1).syn());
        assertEquals(1, exact.halfOpen());
        assertEquals(0, any.halfOpen());
        assertThrows(IllegalStateException.class, () -> h.layer.listen(0, 80, 4));
        exact.close();
        any.close();
        h.poll();
        h.inject(new Seg(Harness.REMOTE_PORT + 1, 80).seq(1).syn());
        assertTrue(h.poll().get(0).rst());
    }
}
