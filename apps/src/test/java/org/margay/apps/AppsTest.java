package org.margay.apps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.discard.DiscardApp;
import org.margay.apps.http.HttpApp;
import org.margay.apps.iperf.IperfApp;

/** The registry, and the echo, discard and kv apps on kernel sockets and on Margay's stack, with their counters. */
class AppsTest {
    @TempDir
    Path dir;

    @Test
    void specsParse() {
        assertInstanceOf(EchoApp.class, Apps.parse("echo"));
        assertInstanceOf(DiscardApp.class, Apps.parse(" discard "));
        assertInstanceOf(KvApp.class, Apps.parse("kv"));
        assertInstanceOf(IperfApp.class, Apps.parse("iperf3"));
        App http = Apps.parse("http:" + dir);
        assertInstanceOf(HttpApp.class, http);
        assertEquals("http:" + dir, http.spec());
        assertEquals(80, http.defaultPort());
        assertEquals(5201, Apps.parse("iperf3").defaultPort());
    }

    @Test
    void badSpecsSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Apps.parse("ftp")).getMessage()
                .contains("expected one of echo, discard, http:DIR, kv, iperf3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Apps.parse("http")).getMessage().contains("http:DIR"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Apps.parse("http:/no/such/dir")).getMessage()
                .contains("no such directory"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Apps.parse("echo:x")).getMessage().contains("no argument"));
        assertThrows(IllegalArgumentException.class, () -> Apps.parse(""));
    }

    @Test
    void echoAnswersTcpAndUdpOnTheSamePortAndCounts() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        HostReport report;
        try (KernelHost host = KernelHost.start(new EchoApp())) {
            try (Socket s = new Socket("127.0.0.1", host.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        out.write(data);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertArrayEquals(data, in.readNBytes(data.length), "raw bytes come back as they went");
                writer.join();
            }
            try (DatagramSocket u = new DatagramSocket()) {
                u.setSoTimeout(10_000);
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                u.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), host.port()));
                DatagramPacket back = new DatagramPacket(new byte[100], 100);
                u.receive(back);
                assertEquals("ping", new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII));
            }
            report = host.stop();
        }
        assertEquals(1, report.connections());
        assertEquals(data.length + 4, report.bytesIn());
        assertEquals(data.length + 4, report.bytesOut());
        assertTrue(report.drained(), "every connection closed");
        assertTrue(report.appCounters().equals("echoed=" + data.length + " datagrams=1"), report.appCounters());
        assertTrue(report.fields().matches("connections=1 bytes-in=300004 bytes-out=300004 failures=\\d+ echoed=300000 "
                + "datagrams=1 uptime=\\d+\\.\\d{3}s"), report.fields());
    }

    @Test
    void discardCountsWhatItDrops() throws Exception {
        HostReport report;
        try (KernelHost host = KernelHost.start(new DiscardApp())) {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", host.port())) {
                    s.getOutputStream().write(new byte[100_000]);
                }
            }
            Thread.sleep(200);   // real sockets: let the last bytes arrive before stopping (not a timing assertion)
            report = host.stop();
        }
        assertEquals(3, report.connections());
        assertEquals(300_000, report.bytesIn());
        assertEquals(0, report.bytesOut());
        assertEquals("discarded=300000", report.appCounters());
    }

    @Test
    void discardWithSha256HashesEachConnection() throws Exception {
        byte[] data = new byte[50_000];
        new java.util.Random(3).nextBytes(data);
        App app = Apps.parse("discard:sha256");
        assertEquals("discard:sha256", app.spec());
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        md.update(data);
        md.update(data);
        String expected = java.util.HexFormat.of().formatHex(md.digest());
        try (PairHarness h = PairHarness.serve(app, 9, 7)) {
            h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(data, data), b -> false));
            assertTrue(h.runUntil(() -> h.service().counters().equals("discarded=100000 sha256=-")), h.service().counters());
            h.service().stop();   // the connection ends here, so its hash is final
            assertEquals("discarded=100000 sha256=" + expected, h.service().counters());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Apps.parse("discard:md5")).getMessage()
                .contains("sha256"));
    }

    @Test
    void discardAndKvOnMargaysStack() {
        byte[] junk = new byte[50_000];
        try (PairHarness h = PairHarness.serve(new DiscardApp(), 9, 1)) {
            ByteStreamClient c = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(junk, junk), b -> false));
            assertTrue(h.runUntil(() -> h.service().counters().equals("discarded=100000")), h.service().counters());
            h.service().stop();
            h.runClients();
            assertTrue(c.endOfStream(), "stopping closes the connection");
        }
        try (PairHarness h = PairHarness.serve(new KvApp(), 6379, 2)) {
            byte[] cmds = "*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            ByteStreamClient c = h.client(new ByteStreamClient(h.pair().client(), h.endpoint(), List.of(cmds),
                    b -> new String(b, StandardCharsets.US_ASCII).endsWith("$1\r\nv\r\n")));
            h.runClients();
            assertEquals("+PONG\r\n+OK\r\n$1\r\nv\r\n", new String(c.received(), StandardCharsets.US_ASCII));
            assertEquals(1, h.serverCounters().connectionsAccepted());
            assertEquals(cmds.length, h.serverCounters().bytesIn());
        }
    }

    @Test
    void stopSignalHandsOverBetweenThreads() throws Exception {
        StopSignal s = new StopSignal();
        Thread t = Thread.ofPlatform().start(() -> {
            while (!s.requested()) {
                Thread.onSpinWait();
            }
            s.markDone();
        });
        s.request();
        assertTrue(s.awaitDone(10_000));
        t.join();
    }
}
