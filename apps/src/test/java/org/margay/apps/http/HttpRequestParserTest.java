package org.margay.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP/1.x request-head parser: what it accepts, what it refuses and with which status, and its limits. */
class HttpRequestParserTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpRequestParser parseAll(String text) {
        HttpRequestParser p = new HttpRequestParser();
        byte[] b = ascii(text);
        p.feed(b, 0, b.length);
        return p;
    }

    @Test
    void aSimpleGetIsComplete() {
        HttpRequestParser p = parseAll("GET /index.html HTTP/1.1\r\nHost: example\r\nUser-Agent: curl/7.88\r\n\r\n");
        assertEquals(HttpRequestParser.Status.COMPLETE, p.status());
        HttpRequest r = p.request();
        assertEquals("GET", r.method());
        assertEquals("/index.html", r.target());
        assertEquals(1, r.minorVersion());
        assertEquals("example", r.header("HOST"));
        assertEquals("curl/7.88", r.header("user-agent"));
        assertTrue(r.keepAlive());
        assertEquals(0, r.contentLength());
    }

    @Test
    void theParserStopsAtTheEndOfTheHead() {
        String first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
        byte[] both = ascii(first + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        HttpRequestParser p = new HttpRequestParser();
        int used = p.feed(both, 0, both.length);
        assertEquals(first.length(), used, "the pipelined request is left for the next round");
        assertEquals("/a", p.request().target());
        assertEquals(0, p.feed(both, used, both.length - used), "nothing more is taken before reset");
        p.reset();
        p.feed(both, used, both.length - used);
        assertEquals("/b", p.request().target());
    }

    @Test
    void byteByByteGivesTheSameRequest() {
        byte[] b = ascii("HEAD /x?y=1 HTTP/1.0\r\nConnection: keep-alive\r\nX-A:  spaced value \t\r\n\r\n");
        HttpRequestParser p = new HttpRequestParser();
        for (int i = 0; i < b.length; i++) {
            assertEquals(HttpRequestParser.Status.NEED_MORE, p.status(), "complete too early at " + i);
            assertEquals(1, p.feed(b, i, 1));
        }
        HttpRequest r = p.request();
        assertEquals("HEAD", r.method());
        assertEquals(0, r.minorVersion());
        assertEquals("spaced value", r.header("x-a"), "surrounding whitespace removed");
        assertTrue(r.keepAlive(), "HTTP/1.0 keeps the connection when asked to");
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() {
        HttpRequestParser p = parseAll("\r\n\nGET / HTTP/1.1\nHost: h\n\n");
        assertEquals(HttpRequestParser.Status.COMPLETE, p.status());
        assertEquals("/", p.request().target());
    }

    @Test
    void connectionOptionsDecideKeepAlive() {
        assertFalse(parseAll("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").request().keepAlive());
        assertFalse(parseAll("GET / HTTP/1.0\r\n\r\n").request().keepAlive());
        assertTrue(parseAll("GET / HTTP/1.1\r\nHost: h\r\n\r\n").request().keepAlive());
    }

    @Test
    void contentLengthIsReadAndRepeatedEqualValuesAreOne() {
        assertEquals(12, parseAll("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n").request().contentLength());
        assertEquals(5, parseAll("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\nContent-Length: 5\r\n\r\n")
                .request().contentLength());
    }

    @Test
    void aLaterMinorVersionIsServedAsOneOne() {
        assertEquals(1, parseAll("GET / HTTP/1.7\r\nHost: h\r\n\r\n").request().minorVersion());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\n\\r\\n|400",                                  // no Host in 1.1
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|400",        // two Hosts
        "GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                    // double space
        "G(T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                     // not a token
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n|400",                    // space before colon
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n folded\\r\\n\\r\\n|400",        // obs-fold
        "GET / HTTP/1.1\\r\\nHost: h\\x01\\r\\n\\r\\n|400",                 // control character
        "GET / HTTP/1.1\\rHost: h\\r\\n\\r\\n|400",                        // CR without LF
        "GET / HTTX/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                     // not HTTP
        "GET / HTTP/1.10\\r\\nHost: h\\r\\n\\r\\n|400",                    // two-digit minor
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1x\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|501",
        "GET /\\x7f HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "\\r\\r\\nGET / HTTP/1.1\\r\\n\\r\\n|400",
        " GET / HTTP/1.1\\r\\n\\r\\n|400",
        ":x / HTTP/1.1\\r\\n\\r\\n|400",
    })
    void malformedHeadsAreRefusedWithTheRightStatus(String escaped, int status) {
        HttpRequestParser p = parseAll(unescape(escaped));
        assertEquals(HttpRequestParser.Status.ERROR, p.status(), escaped);
        assertEquals(status, p.errorStatus(), p.errorReason());
        assertNull(p.request());
    }

    @Test
    void anOversizedHeadIs431AndAnOversizedTargetIs414() {
        HttpRequestParser small = new HttpRequestParser(64, 100);
        byte[] b = ascii("GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + "a".repeat(100) + "\r\n\r\n");
        int used = small.feed(b, 0, b.length);
        assertEquals(431, small.errorStatus());
        assertEquals(65, used, "it stops right after the limit");
        HttpRequestParser target = new HttpRequestParser(64, 100);
        byte[] t = ascii("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n");
        target.feed(t, 0, t.length);
        assertEquals(414, target.errorStatus());
    }

    @Test
    void tooManyFieldsIs431() {
        HttpRequestParser p = new HttpRequestParser(8192, 3);
        byte[] b = ascii("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        p.feed(b, 0, b.length);
        assertEquals(431, p.errorStatus());
    }

    @Test
    void tooManyLeadingEmptyLinesAreRefused() {
        HttpRequestParser p = parseAll("\r\n".repeat(20) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(400, p.errorStatus());
    }

    @Test
    void startedTellsWhetherARequestBegan() {
        HttpRequestParser p = new HttpRequestParser();
        assertFalse(p.started());
        p.feed(ascii("\r\n"), 0, 2);
        assertFalse(p.started(), "empty lines are not a request");
        p.feed(ascii("G"), 0, 1);
        assertTrue(p.started());
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'r' -> b.append('\r');
                    case 'n' -> b.append('\n');
                    case 'x' -> {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
