package org.margay.examples.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the RESP request parser: garbage never makes it throw or loop, and well-formed commands come out
 * the same however the stream is cut into pieces.
 */
class RespRequestParserPropertiesTest {

    /** Bytes biased towards RESP's own characters, so that garbage often looks almost right. */
    private static Gen<byte[]> respishBytes(int maxLength) {
        byte[] alphabet = "*$+-:\r\n0123456789 \"'\\xabAB".getBytes(StandardCharsets.ISO_8859_1);
        Gen<Byte> b = integers().between(0, alphabet.length + 9).map(i -> i < alphabet.length ? alphabet[i] : (byte) (i * 37));
        return Generate.byteArrays(integers().between(0, maxLength), b);
    }

    @Test
    void garbageNeverThrowsAndAlwaysSettles() {
        qt().withExamples(3000)
                .forAll(respishBytes(300), lists().of(integers().between(1, 64)).ofSizeBetween(1, 8))
                .checkAssert((bytes, cuts) -> {
                    RespRequestParser p = new RespRequestParser(64, 4096);
                    RespCommand c = new RespCommand();
                    int at = 0;
                    int cut = 0;
                    while (at < bytes.length) {
                        int n = Math.min(cuts.get(cut++ % cuts.size()), bytes.length - at);
                        p.feed(bytes, at, n);
                        at += n;
                        int steps = 0;
                        int r;
                        while ((r = p.next(c)) == RespRequestParser.COMMAND) {
                            assertTrue(c.size() >= 1, "a command has a name");
                            assertTrue(++steps <= bytes.length, "each command consumes input");
                        }
                        if (r == RespRequestParser.ERROR) {
                            assertTrue(p.error().startsWith("Protocol error: "), p.error());
                            assertEquals(0, p.buffered());
                        }
                    }
                });
    }

    @Test
    void randomBytesNeverThrow() {
        qt().withExamples(2000)
                .forAll(Generate.byteArrays(integers().between(0, 400), Generate.bytes((byte) -128, (byte) 127, (byte) 0)))
                .checkAssert(bytes -> {
                    RespRequestParser p = new RespRequestParser();
                    RespCommand c = new RespCommand();
                    p.feed(bytes, 0, bytes.length);
                    int guard = 0;
                    while (p.next(c) == RespRequestParser.COMMAND) {
                        assertTrue(++guard <= bytes.length);
                    }
                });
    }

    @Test
    void wellFormedCommandsSurviveAnyCutting() {
        Gen<List<byte[]>> command = lists().of(Generate.byteArrays(integers().between(0, 40),
                Generate.bytes((byte) -128, (byte) 127, (byte) 0))).ofSizeBetween(1, 6);
        qt().withExamples(1000)
                .forAll(lists().of(command).ofSizeBetween(1, 5), lists().of(integers().between(1, 50)).ofSizeBetween(1, 6))
                .checkAssert((commands, cuts) -> {
                    ByteArrayOutputStream wire = new ByteArrayOutputStream();
                    for (List<byte[]> words : commands) {
                        wire.writeBytes(("*" + words.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        for (byte[] w : words) {
                            wire.writeBytes(("$" + w.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            wire.writeBytes(w);
                            wire.writeBytes(new byte[] {'\r', '\n'});
                        }
                    }
                    byte[] bytes = wire.toByteArray();
                    RespRequestParser p = new RespRequestParser();
                    RespCommand c = new RespCommand();
                    List<List<byte[]>> parsed = new ArrayList<>();
                    int at = 0;
                    int cut = 0;
                    while (at < bytes.length) {
                        int n = Math.min(cuts.get(cut++ % cuts.size()), bytes.length - at);
                        p.feed(bytes, at, n);
                        at += n;
                        int r;
                        while ((r = p.next(c)) == RespRequestParser.COMMAND) {
                            List<byte[]> words = new ArrayList<>();
                            for (int i = 0; i < c.size(); i++) {
                                words.add(c.arg(i));
                            }
                            parsed.add(words);
                        }
                        assertEquals(RespRequestParser.NEED_MORE, r, p::error);
                    }
                    assertEquals(commands.size(), parsed.size());
                    for (int i = 0; i < commands.size(); i++) {
                        assertEquals(commands.get(i).size(), parsed.get(i).size());
                        for (int j = 0; j < commands.get(i).size(); j++) {
                            assertArrayEquals(commands.get(i).get(j), parsed.get(i).get(j));
                        }
                    }
                    assertEquals(0, p.buffered());
                });
    }
}
