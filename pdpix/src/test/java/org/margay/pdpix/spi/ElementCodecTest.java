package org.margay.pdpix.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;

/**
 * The stream framing: whatever the sizes of the elements and however the stream cuts and delays the bytes,
 * the elements pushed are exactly the elements popped; and no byte sequence makes the decoder throw or leak.
 */
class ElementCodecTest {
    /** 256-byte buffers, 32 of headroom: 224 bytes per segment, 3584 per element at most. */
    private static final int MAX = 16 * 224;

    private final BufferLeakGuard guard = new BufferLeakGuard();
    private final ArenaBufferPool buffers = guard.track(new ArenaBufferPool("codec", 256, 256, 32, true));
    private final SgaPool pool = new SgaPool("codec", buffers, 64);

    @AfterEach
    void noLeaks() {
        assertEquals(0, pool.outstanding(), "Sga objects still out");
        guard.close();
    }

    /** A sink that takes a random small amount each time (sometimes nothing), appending to a byte array. */
    static final class ChoppySink implements ByteSink {
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        private final Random random;
        private final int most;
        int refusals;

        ChoppySink(long seed, int most) {
            this.random = new Random(seed);
            this.most = most;
        }

        @Override
        public int write(MemorySegment source, long offset, int length) {
            int n = Math.min(length, random.nextInt(most + 1));
            if (n == 0) {
                refusals++;
            }
            for (int i = 0; i < n; i++) {
                wire.write(source.get(ValueLayout.JAVA_BYTE, offset + i));
            }
            return n;
        }
    }

    /** A source that gives a random small amount each time (sometimes nothing), then -1 at the end. */
    static final class ChoppySource implements ByteSource {
        private final byte[] bytes;
        private final Random random;
        private final int most;
        private int at;

        ChoppySource(byte[] bytes, long seed, int most) {
            this.bytes = bytes;
            this.random = new Random(seed);
            this.most = most;
        }

        @Override
        public int read(MemorySegment target, long offset, int length) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, bytes.length - at), random.nextInt(most + 1));
            MemorySegment.copy(MemorySegment.ofArray(bytes), at, target, offset, n);
            at += n;
            return n;
        }
    }

    private Sga elementOf(byte[] data) {
        Sga sga = pool.allocate(data.length);
        return sga.fill(data);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    @Test
    void anySequenceOfElementsSurvivesAnyChopping() {
        qt().withFixedSeed(4_010L).withExamples(150)
                .forAll(lists().of(integers().between(1, MAX)).ofSizeBetween(0, 12),
                        integers().between(1, 40), integers().between(1, 40), integers().all())
                .checkAssert((sizes, sinkMost, sourceMost, seed) -> {
                    Random random = new Random(seed);
                    List<byte[]> pushed = new ArrayList<>();
                    ElementEncoder encoder = new ElementEncoder();
                    ChoppySink sink = new ChoppySink(seed, sinkMost);
                    for (int size : sizes) {
                        byte[] data = randomBytes(random, size);
                        pushed.add(data);
                        Sga sga = elementOf(data);
                        int r;
                        int calls = 0;
                        while ((r = encoder.write(sga, sink)) == 0) {
                            assertTrue(++calls < 1_000_000, "encoder makes progress");
                        }
                        assertEquals(1, r);
                        assertFalse(encoder.inProgress());
                        pool.free(sga);
                    }
                    ElementDecoder decoder = new ElementDecoder(pool, Framing.MAX_ELEMENT);
                    ChoppySource source = new ChoppySource(sink.wire.toByteArray(), seed + 1, sourceMost);
                    List<byte[]> popped = new ArrayList<>();
                    for (int calls = 0; !decoder.atEof(); calls++) {
                        assertTrue(calls < 10_000_000, "decoder makes progress");
                        Sga sga = decoder.next(source);
                        if (sga != null) {
                            popped.add(sga.toByteArray());
                            pool.free(sga);
                        }
                        assertEquals(Errno.OK, decoder.error());
                    }
                    assertFalse(decoder.inProgress());
                    assertEquals(pushed.size(), popped.size());
                    for (int i = 0; i < pushed.size(); i++) {
                        assertArrayEquals(pushed.get(i), popped.get(i), "element " + i);
                    }
                });
    }

    @Test
    void rawStreamCarriesTheBytesAsTheyAre() {
        qt().withFixedSeed(4_011L).withExamples(40)
                .forAll(lists().of(integers().between(1, MAX)).ofSizeBetween(1, 6), integers().between(1, 50), integers().all())
                .checkAssert((sizes, most, seed) -> {
                    Random random = new Random(seed);
                    ElementEncoder encoder = new ElementEncoder();
                    encoder.framing(Framing.RAW_STREAM);
                    ChoppySink sink = new ChoppySink(seed, most);
                    ByteArrayOutputStream expected = new ByteArrayOutputStream();
                    for (int size : sizes) {
                        byte[] data = randomBytes(random, size);
                        expected.writeBytes(data);
                        Sga sga = elementOf(data);
                        while (encoder.write(sga, sink) == 0) {
                            // retry with the same element until the sink took it all
                        }
                        pool.free(sga);
                    }
                    assertArrayEquals(expected.toByteArray(), sink.wire.toByteArray(), "no prefixes in raw mode");
                    ElementDecoder decoder = new ElementDecoder(pool, Framing.MAX_ELEMENT);
                    decoder.framing(Framing.RAW_STREAM);
                    ChoppySource source = new ChoppySource(sink.wire.toByteArray(), seed, most);
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    while (!decoder.atEof()) {
                        Sga sga = decoder.next(source);
                        if (sga != null) {
                            assertTrue(sga.totalLength() > 0, "a raw pop has at least one byte");
                            got.writeBytes(sga.toByteArray());
                            pool.free(sga);
                        }
                    }
                    assertArrayEquals(expected.toByteArray(), got.toByteArray());
                });
    }

    private static byte[] prefix(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private int decodeError(byte[] wire, int maxElement) {
        ElementDecoder decoder = new ElementDecoder(pool, maxElement);
        ChoppySource source = new ChoppySource(wire, 7, 3);
        for (int i = 0; i < 10_000 && !decoder.atEof(); i++) {
            Sga sga = decoder.next(source);
            if (sga != null) {
                pool.free(sga);
            }
            if (decoder.error() == Errno.EPROTOTYPE || decoder.error() == Errno.EMSGSIZE) {
                int error = decoder.error();
                assertNull(decoder.next(source), "errors are final");
                assertEquals(error, decoder.error());
                decoder.reset();
                return error;
            }
        }
        decoder.reset();
        return decoder.error();
    }

    @Test
    void badPrefixesAreProtocolErrors() {
        assertEquals(Errno.EPROTOTYPE, decodeError(prefix(0), MAX), "zero length");
        assertEquals(Errno.EPROTOTYPE, decodeError(prefix(0xFFFF_FFFFL), MAX), "above 2^31: not negative, still invalid");
        assertEquals(Errno.EPROTOTYPE, decodeError(prefix(Framing.MAX_ELEMENT + 1L), Framing.MAX_ELEMENT), "above the wire format's maximum");
        assertEquals(Errno.EMSGSIZE, decodeError(prefix(MAX + 1L), Framing.MAX_ELEMENT), "valid but larger than this side holds");
        assertEquals(Errno.EMSGSIZE, decodeError(prefix(101), 100), "larger than the configured limit");
    }

    @Test
    void endOfStreamInsideAPrefixOrAnElementIsAnError() {
        assertEquals(Errno.EPROTOTYPE, decodeError(new byte[] {0, 0}, MAX), "inside the prefix");
        byte[] cut = new byte[4 + 300];
        System.arraycopy(prefix(500), 0, cut, 0, 4);
        assertEquals(Errno.EPROTOTYPE, decodeError(cut, MAX), "inside the element (its partial element is freed by reset)");
        ElementDecoder clean = new ElementDecoder(pool, MAX);
        assertNull(clean.next(new ChoppySource(new byte[0], 1, 1)));
        assertTrue(clean.atEof());
        assertEquals(Errno.OK, clean.error(), "end of stream between elements is clean");
    }

    @Test
    void garbageNeverThrowsNorLeaks() {
        qt().withFixedSeed(4_012L).withExamples(500)
                .forAll(integers().between(0, 600), integers().between(1, 64), integers().all())
                .checkAssert((length, most, seed) -> {
                    byte[] garbage = randomBytes(new Random(seed), length);
                    if (length >= 4 && seed % 3 == 0) {
                        // a third of the time, a plausible small prefix so elements do get decoded
                        System.arraycopy(prefix(1 + Math.floorMod(seed, 200)), 0, garbage, 0, 4);
                    }
                    ElementDecoder decoder = new ElementDecoder(pool, MAX);
                    ChoppySource source = new ChoppySource(garbage, seed, most);
                    for (int i = 0; i < 100_000 && !decoder.atEof(); i++) {
                        Sga sga = decoder.next(source);
                        if (sga != null) {
                            pool.free(sga);
                        }
                        int e = decoder.error();
                        assertTrue(e == Errno.OK || e == Errno.EPROTOTYPE || e == Errno.EMSGSIZE, Errno.name(e));
                        if (e != Errno.OK) {
                            break;
                        }
                    }
                    decoder.reset();
                });
    }

    @Test
    void exhaustionIsRetriedNotFatal() {
        SgaPool tiny = new SgaPool("tiny", buffers, 1);
        Sga hog = tiny.allocateEmpty();
        byte[] wire = new byte[4 + 5];
        System.arraycopy(prefix(5), 0, wire, 0, 4);
        ElementDecoder decoder = new ElementDecoder(tiny, MAX);
        ChoppySource source = new ChoppySource(wire, 1, 100);
        assertNull(decoder.next(source));
        assertEquals(Errno.ENOMEM, decoder.error());
        tiny.free(hog);
        Sga sga = null;
        for (int i = 0; i < 100 && sga == null; i++) {
            sga = decoder.next(source);
        }
        assertEquals(5, sga.totalLength());
        assertEquals(Errno.OK, decoder.error());
        tiny.free(sga);
    }

    @Test
    void encoderPassesSinkErrorsAndRefusesOversizedElements() {
        Sga sga = elementOf(new byte[] {1, 2, 3});
        ElementEncoder encoder = new ElementEncoder();
        assertEquals(-Errno.ECONNRESET, encoder.write(sga, (s, o, l) -> -Errno.ECONNRESET));
        encoder.reset();
        ChoppySink sink = new ChoppySink(3, 2);
        while (encoder.write(sga, sink) == 0) {
            // until done
        }
        assertArrayEquals(new byte[] {0, 0, 0, 3, 1, 2, 3}, sink.wire.toByteArray(), "4-byte big-endian length, then the bytes");
        pool.free(sga);
    }

    @Test
    void encoderRefusesElementsAboveTheWireMaximum() {
        try (ArenaBufferPool big = new ArenaBufferPool("big", 9, 2 << 20, 0, false)) {
            SgaPool bigPool = new SgaPool("big", big, 1);
            Sga huge = bigPool.allocateEmpty();
            for (int i = 0; i < 9; i++) {
                PacketBuffer b = big.allocate();
                b.append(2 << 20);
                huge.append(b);
            }
            assertTrue(huge.totalLength() > Framing.MAX_ELEMENT);
            ChoppySink sink = new ChoppySink(1, 10);
            assertEquals(-Errno.EMSGSIZE, new ElementEncoder().write(huge, sink));
            assertEquals(0, sink.wire.size(), "nothing written");
            ElementEncoder raw = new ElementEncoder();
            raw.framing(Framing.RAW_STREAM);
            assertEquals(0, raw.write(huge, (s, o, l) -> 0), "raw streams have no element limit");
            bigPool.free(huge);
            big.assertNoLeaks();
        }
    }
}
