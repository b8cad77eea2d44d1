package org.margay.apps.iperf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.margay.apps.ByteStreamClient;
import org.margay.apps.PairHarness;

/**
 * The iperf3 server on Margay's own stack, driven by a minimal iperf3 client on a second stack (virtual clock): the
 * whole protocol forward and reverse with parallel streams, refusals, denial while busy, and garbage.
 */
class IperfServerPairTest {
    private static final int PORT = IperfProtocol.PORT;

    @SuppressWarnings("unchecked")
    private static long[] streamBytes(Map<String, Object> results, int... ids) {
        List<Object> streams = (List<Object>) results.get("streams");
        assertEquals(ids.length, streams.size());
        long[] bytes = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            Map<String, Object> s = (Map<String, Object>) streams.get(i);
            assertEquals((long) ids[i], s.get("id"));
            for (String key : List.of("bytes", "retransmits", "jitter", "errors", "packets", "start_time", "end_time")) {
                assertTrue(s.containsKey(key), "stream result has " + key);
            }
            bytes[i] = (Long) s.get("bytes");
        }
        return bytes;
    }

    @Test
    void aForwardTestWithTwoStreamsRunsToTheEnd() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 1)) {
            MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 2, false, 4 << 20, ""));
            h.runClients();
            assertNull(c.error());
            assertEquals(List.of((byte) 9, (byte) 10, (byte) 1, (byte) 2, (byte) 13, (byte) 14), c.states());
            Map<String, Object> r = c.serverResults();
            assertEquals(-1L, r.get("sender_has_retransmits"), "the server was the receiver");
            long[] bytes = streamBytes(r, 1, 3);
            long total = bytes[0] + bytes[1];
            // pushes still outstanding when the client ended the test (one block per stream) may arrive too
            assertTrue(total > 0 && total <= c.moved() + 2 * 16 * 1024, total + " of " + c.moved());
            assertTrue(bytes[0] > 0 && bytes[1] > 0, "both streams carried data");
            assertTrue(h.runUntil(() -> h.service().counters().startsWith("tests=1 tests-failed=0 denied=0")),
                    h.service().counters());
        }
    }

    @Test
    void aReverseTestSendsUntilTheClientHasEnough() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 2)) {
            MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, true, 3 << 20, ""));
            h.runClients();
            assertNull(c.error());
            assertTrue(c.moved() >= 3 << 20);
            Map<String, Object> r = c.serverResults();
            assertEquals(0L, r.get("sender_has_retransmits"));
            assertTrue(streamBytes(r, 1)[0] >= c.moved(), "the server counts what it handed to its stack");
        }
    }

    @Test
    void testsRunOneAfterAnother() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 3)) {
            for (int i = 0; i < 3; i++) {
                MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, i % 2 == 1, 1 << 20, ""));
                h.runClients();
                assertNull(c.error(), "test " + i);
            }
            assertTrue(h.runUntil(() -> h.service().counters().startsWith("tests=3 ")), h.service().counters());
        }
    }

    @Test
    void udpAndBidirectionalTestsAreRefusedAsNotImplemented() {
        for (String extra : List.of(",\"udp\":true", ",\"bidirectional\":true", ",\"authtoken\":\"x\"")) {
            try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 4)) {
                MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, false, 1 << 20, extra));
                h.runClients();
                assertEquals("server said -2", c.error(), extra);
                assertTrue(h.service().counters().contains("tests-failed=1"), h.service().counters());
            }
        }
    }

    @Test
    void aConnectionDuringATestIsDenied() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 5)) {
            MiniIperfClient c = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, false, 64 << 20, ""));
            assertTrue(h.runUntil(c::running));
            byte[] cookie = ("zyxwvutsrqponmlkjihgfedcba9876543210" + "\0").getBytes(StandardCharsets.US_ASCII);
            ByteStreamClient intruder = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(cookie), b -> false));
            assertTrue(h.runUntil(intruder::finished));
            assertArrayEquals(new byte[] {IperfProtocol.ACCESS_DENIED}, intruder.received());
            assertTrue(intruder.endOfStream());
            h.runClients();
            assertNull(c.error());
            assertTrue(h.runUntil(() -> h.service().counters().startsWith("tests=1 tests-failed=0 denied=1")),
                    h.service().counters());
        }
    }

    @Test
    void aBadParameterLengthIsAServerError() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 6)) {
            byte[] cookie = ("abcdefghijklmnopqrstuvwxyz0123456789" + "\0").getBytes(StandardCharsets.US_ASCII);
            ByteStreamClient c = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(),
                    List.of(cookie, new byte[] {0x7F, -1, -1, -1}), b -> false));
            h.runClients();
            assertTrue(c.endOfStream());
            assertArrayEquals(new byte[] {IperfProtocol.PARAM_EXCHANGE, IperfProtocol.SERVER_ERROR, 0, 0, 0, 111, 0, 0, 0, 0},
                    c.received());
        }
    }

    @Test
    void garbageJsonParametersAreAServerError() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 7)) {
            byte[] cookie = ("abcdefghijklmnopqrstuvwxyz0123456789" + "\0").getBytes(StandardCharsets.US_ASCII);
            byte[] json = "{\"tcp\":tru".getBytes(StandardCharsets.US_ASCII);
            ByteStreamClient c = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(),
                    List.of(cookie, new byte[] {0, 0, 0, (byte) json.length}, json), b -> false));
            h.runClients();
            assertTrue(c.endOfStream());
            assertEquals(10, c.received().length);
            assertEquals(IperfProtocol.SERVER_ERROR, c.received()[1]);
        }
    }

    @Test
    void aClientVanishingMidTestAbortsIt() {
        try (PairHarness h = PairHarness.serve(new IperfApp(), PORT, 8)) {
            byte[] cookie = ("abcdefghijklmnopqrstuvwxyz0123456789" + "\0").getBytes(StandardCharsets.US_ASCII);
            ByteStreamClient c = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(cookie), b -> b.length >= 1));
            h.runClients();
            assertArrayEquals(new byte[] {IperfProtocol.PARAM_EXCHANGE}, c.received());
            assertTrue(h.runUntil(() -> h.service().counters().contains("tests-failed=1")), h.service().counters());
            MiniIperfClient next = h.client(new MiniIperfClient(h.pair().client(), h.endpoint(), 1, false, 1 << 20, ""));
            h.runClients();
            assertNull(next.error(), "the server is free again");
        }
    }
}
