package org.margay.apps.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.margay.apps.KernelHost;
import org.margay.testkit.Capabilities;

/**
 * The HTTP server on kernel sockets (127.0.0.1), talked to by java.net sockets and, when installed, curl: keep-alive,
 * pipelining, HEAD, errors, and large files streamed intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpServerKernelTest {
    @TempDir
    static Path www;
    private static KernelHost host;
    private static byte[] big;

    @BeforeAll
    static void serve() throws IOException {
        Files.writeString(www.resolve("hello.txt"), "hello, margay\n");
        Files.writeString(www.resolve("index.html"), "<h1>home</h1>\n");
        big = new byte[8 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        host = KernelHost.start(new HttpApp(www));
    }

    @AfterAll
    static void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", host.port());
        s.setSoTimeout(20_000);
        return s;
    }

    private static byte[] get(String path, String... extra) {
        StringBuilder b = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: t\r\n");
        for (String e : extra) {
            b.append(e).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            HttpResponseReader in = new HttpResponseReader(s.getInputStream());
            for (int i = 0; i < 5; i++) {
                out.write(get("/hello.txt"));
                HttpResponseReader.Response r = in.read(false);
                assertEquals(200, r.status());
                assertEquals("hello, margay\n", r.text());
                assertEquals("keep-alive", r.header("connection"));
                assertEquals("text/plain; charset=utf-8", r.header("content-type"));
                assertTrue(r.header("date").endsWith(" GMT"), r.header("date"));
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (Socket s = connect()) {
            byte[] all = concat(get("/hello.txt"), get("/missing"), "HEAD /index.html HTTP/1.1\r\nHost: t\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), get("/", "Connection: close"));
            s.getOutputStream().write(all);
            byte[] reply = s.getInputStream().readAllBytes();   // the last request closes the connection
            List<HttpResponseReader.Response> rs = HttpResponseReader.parseAll(reply, false, false, true, false);
            assertEquals(4, rs.size());
            assertEquals(200, rs.get(0).status());
            assertEquals(404, rs.get(1).status());
            assertEquals(200, rs.get(2).status());
            assertEquals("14", rs.get(2).header("content-length"), "HEAD announces the length it does not send");
            assertEquals("<h1>home</h1>\n", rs.get(3).text(), "/ is served through index.html");
            assertEquals("close", rs.get(3).header("connection"));
        }
    }

    @Test
    void otherMethodsGet405AndTheConnectionStays() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(concat("DELETE /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    get("/hello.txt")));
            HttpResponseReader in = new HttpResponseReader(s.getInputStream());
            HttpResponseReader.Response r = in.read(false);
            assertEquals(405, r.status());
            assertEquals("GET, HEAD", r.header("allow"));
            assertEquals(200, in.read(false).status());
        }
    }

    @Test
    void malformedRequestsGet400AndAClose() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost : t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            HttpResponseReader.Response r = new HttpResponseReader(in).read(false);
            assertEquals(400, r.status());
            assertEquals("close", r.header("connection"));
            assertEquals(-1, in.read(), "the server closed");
        }
    }

    @Test
    void traversalIsRefused() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(get("/../../etc/passwd"));
            assertEquals(403, new HttpResponseReader(s.getInputStream()).read(false).status());
        }
    }

    @Test
    void aLargeFileArrivesIntact() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(get("/big.bin"));
            HttpResponseReader.Response r = new HttpResponseReader(s.getInputStream()).read(false);
            assertEquals(200, r.status());
            assertEquals("application/octet-stream", r.header("content-type"));
            assertArrayEquals(sha256(big), sha256(r.body()));
        }
    }

    @Test
    void curlFetchesFiftyMebibytesAndReusesTheConnection() throws Exception {
        Capabilities.require(onPath("curl"), "curl is not installed");
        byte[] fifty = new byte[50 << 20];
        new Random(50).nextBytes(fifty);
        Path file = www.resolve("fifty.bin");
        Files.write(file, fifty);
        Path out = Files.createTempFile("fifty", ".bin");
        String url = "http://127.0.0.1:" + host.port();
        Process p = new ProcessBuilder("curl", "-sS", "--fail", "-o", out.toString(), url + "/fifty.bin",
                "-o", "/dev/null", url + "/hello.txt", "-w", "%{num_connects} ").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
        String written = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), written);
        assertEquals("1 0", written, "the second transfer reused the first connection");
        assertEquals(HexFormat.of().formatHex(sha256(fifty)), HexFormat.of().formatHex(sha256(Files.readAllBytes(out))));
        Files.delete(out);
        Files.delete(file);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
