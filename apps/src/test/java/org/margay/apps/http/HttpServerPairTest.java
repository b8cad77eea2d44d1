package org.margay.apps.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.ByteStreamClient;
import org.margay.apps.PairHarness;

/**
 * The HTTP server on Margay's own stack, with a client on a second Margay stack over an in-memory link (virtual
 * clock, deterministic): keep-alive, pipelining cut into odd pieces, a file larger than any element, errors, and
 * every buffer back in its pool at the end.
 */
class HttpServerPairTest {
    @TempDir
    Path www;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void pipelinedRequestsInOddPiecesGetTheirResponsesInOrder() throws IOException {
        Files.writeString(www.resolve("a.txt"), "alpha\n");
        Files.writeString(www.resolve("b.json"), "{\"b\":2}");
        String requests = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /b.json HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        List<byte[]> pieces = new ArrayList<>();
        byte[] all = ascii(requests);
        for (int at = 0, n = 1; at < all.length; at += n, n = n * 3 % 17 + 1) {
            pieces.add(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + n)));
        }
        try (PairHarness h = PairHarness.serve(new HttpApp(www), 80, 3)) {
            var client = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), pieces, b -> false));
            h.runClients();
            assertNull(client.error());
            assertTrue(client.endOfStream(), "Connection: close closes");
            List<HttpResponseReader.Response> rs = HttpResponseReader.parseAll(client.received());
            assertEquals(3, rs.size());
            assertEquals("alpha\n", rs.get(0).text());
            assertEquals("application/json", rs.get(1).header("content-type"));
            assertEquals(404, rs.get(2).status());
            assertEquals(3, h.serverCounters().connectionsAccepted() + 2, "one connection");
        }
    }

    @Test
    void aFileLargerThanAnyElementIsStreamedIntact() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(11).nextBytes(data);
        Files.write(www.resolve("big.bin"), data);
        byte[] request = ascii("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n");
        try (PairHarness h = PairHarness.serve(new HttpApp(www), 8080, 4)) {
            long expected = data.length + 200;   // the head is under 200 bytes
            var client = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(request),
                    b -> b.length >= data.length && HttpResponseReader.parseAll(b).size() == 1));
            h.runClients();
            assertNull(client.error());
            HttpResponseReader.Response r = HttpResponseReader.parseAll(client.received()).getFirst();
            assertEquals(200, r.status());
            assertArrayEquals(HttpServerKernelTest.sha256(data), HttpServerKernelTest.sha256(r.body()));
            assertTrue(client.received().length < expected);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        Files.writeString(www.resolve("a.txt"), "alpha\n");
        byte[] request = ascii("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        long timeout = 5_000_000_000L;
        try (PairHarness h = PairHarness.serve(new HttpApp(www, timeout), 80, 6)) {
            var client = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(request), b -> false));
            assertTrue(h.runUntil(() -> HttpResponseReader.parseAll(client.received()).size() == 1), "one response");
            assertFalse(client.endOfStream(), "keep-alive: the connection stays open after the response");
            long t0 = 1_000_000_000_000L;
            h.service().tick(t0);   // first sight of the connection: its idle time starts here
            h.service().tick(t0 + timeout / 2);
            int[] rounds = {0};
            h.runUntil(() -> ++rounds[0] > 200);
            assertFalse(client.endOfStream(), "not idle long enough yet");
            h.service().tick(t0 + timeout + 1_000_000_000L);
            assertTrue(h.runUntil(client::endOfStream), "the server closed the idle connection");
        }
        assertThrows(IllegalArgumentException.class, () -> new HttpApp(www, 0));
    }

    @Test
    void garbageGets400ThenTheConnectionCloses() {
        try (PairHarness h = PairHarness.serve(new HttpApp(www), 80, 5)) {
            var client = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(),
                    List.of(new byte[] {0, 1, 2, 3, '\r', '\n', '\r', '\n'}), b -> false));
            h.runClients();
            assertTrue(client.endOfStream());
            List<HttpResponseReader.Response> rs = HttpResponseReader.parseAll(client.received());
            assertEquals(1, rs.size());
            assertEquals(400, rs.getFirst().status());
        }
    }

    @Test
    void stoppingClosesIdleKeepAliveConnections() throws IOException {
        Files.writeString(www.resolve("a.txt"), "alpha\n");
        try (PairHarness h = PairHarness.serve(new HttpApp(www), 80, 6)) {
            var client = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(),
                    List.of(ascii("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")), b -> false));
            assertTrue(h.runUntil(() -> HttpResponseReader.parseAll(client.received()).size() == 1));
            h.service().stop();
            h.runClients();
            assertTrue(client.endOfStream(), "the idle keep-alive connection was closed by the server");
            assertTrue(h.service().finished());
            assertTrue(h.service().counters().startsWith("requests=1 2xx=1 "), h.service().counters());
        }
    }
}
