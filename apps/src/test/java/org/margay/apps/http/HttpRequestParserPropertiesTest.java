package org.margay.apps.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the request parser: garbage never throws and always settles within the limit, and however the bytes
 * of valid (pipelined) requests are cut, the same requests come out.
 */
class HttpRequestParserPropertiesTest {

    /** Bytes biased towards HTTP's own characters, so that garbage often looks almost right. */
    private static Gen<byte[]> httpishBytes(int maxLength) {
        byte[] alphabet = "GET /HTP1.0\r\n: Host,x-%?".getBytes(StandardCharsets.ISO_8859_1);
        Gen<Byte> b = integers().between(0, alphabet.length + 20).map(i -> i < alphabet.length ? alphabet[i] : (byte) (i * 53));
        return Generate.byteArrays(integers().between(0, maxLength), b);
    }

    @Test
    void garbageNeverThrowsAndSettlesWithinTheLimit() {
        qt().withExamples(4000)
                .forAll(httpishBytes(600), lists().of(integers().between(1, 40)).ofSizeBetween(1, 6))
                .checkAssert((bytes, cuts) -> {
                    HttpRequestParser p = new HttpRequestParser(256, 8);
                    int at = 0;
                    int cut = 0;
                    int rounds = 0;
                    while (at < bytes.length) {
                        int n = Math.min(cuts.get(cut++ % cuts.size()), bytes.length - at);
                        int used = p.feed(bytes, at, n);
                        assertTrue(used >= 0 && used <= n);
                        at += used;
                        switch (p.status()) {
                            case COMPLETE -> {
                                assertTrue(p.request() != null);
                                p.reset();
                            }
                            case ERROR -> {
                                int s = p.errorStatus();
                                assertTrue(s == 400 || s == 414 || s == 431 || s == 501 || s == 505, "status " + s);
                                p.reset();
                            }
                            default -> assertEquals(n, used, "NEED_MORE consumes everything given");
                        }
                        assertTrue(++rounds <= 2 * bytes.length + 2, "progress");
                    }
                });
    }

    /** A valid request with a random method, path, version and a few fields. */
    private static Gen<String> requests() {
        Gen<String> methods = integers().between(0, 3).map(i -> List.of("GET", "HEAD", "DELETE", "X-CUSTOM").get(i));
        Gen<String> paths = Generate.byteArrays(integers().between(0, 30), integers().between('a', 'z').map(Integer::byteValue))
                .map(b -> "/" + new String(b, StandardCharsets.ISO_8859_1));
        Gen<Integer> fields = integers().between(0, 5);
        return methods.zip(paths, fields, (m, p, f) -> {
            StringBuilder b = new StringBuilder(m).append(' ').append(p).append(" HTTP/1.1\r\nHost: test\r\n");
            for (int i = 0; i < f; i++) {
                b.append("X-F").append(i).append(": v").append(i * 7).append("\r\n");
            }
            return b.append("\r\n").toString();
        });
    }

    @Test
    void pipelinedRequestsComeOutTheSameHoweverTheyAreCut() {
        qt().withExamples(1000)
                .forAll(lists().of(requests()).ofSizeBetween(1, 5), lists().of(integers().between(1, 50)).ofSizeBetween(1, 6))
                .checkAssert((reqs, cuts) -> {
                    byte[] all = String.join("", reqs).getBytes(StandardCharsets.ISO_8859_1);
                    List<HttpRequest> got = new ArrayList<>();
                    HttpRequestParser p = new HttpRequestParser();
                    int at = 0;
                    int cut = 0;
                    while (at < all.length) {
                        int n = Math.min(cuts.get(cut++ % cuts.size()), all.length - at);
                        int piece = at + n;
                        while (at < piece) {
                            at += p.feed(all, at, piece - at);
                            if (p.status() == HttpRequestParser.Status.COMPLETE) {
                                got.add(p.request());
                                p.reset();
                            }
                            assertTrue(p.status() != HttpRequestParser.Status.ERROR, p.errorReason());
                        }
                    }
                    assertEquals(reqs.size(), got.size());
                    for (int i = 0; i < reqs.size(); i++) {
                        String line = reqs.get(i).substring(0, reqs.get(i).indexOf('\r'));
                        assertEquals(line, got.get(i).method() + " " + got.get(i).target() + " HTTP/1.1");
                        assertEquals("test", got.get(i).header("host"));
                    }
                });
    }
}
