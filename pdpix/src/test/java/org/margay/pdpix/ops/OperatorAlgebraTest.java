package org.margay.pdpix.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.BufferLeakGuard;
import org.margay.pdpix.Domain;
import org.margay.pdpix.ElementComparator;
import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.ElementPredicate;
import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.testing.TestLibOS;

/**
 * The operators' algebra (HotOS '19 §4.3) as properties over in-memory queues: equal pipelines pop the same
 * elements, whatever the elements. Every example runs on a fresh library OS over one leak-tracked pool, and must
 * give every buffer back when its library OS closes.
 */
class OperatorAlgebraTest {
    private static final long MS = 1_000_000L;

    private final BufferLeakGuard guard = new BufferLeakGuard();
    private final ArenaBufferPool pool = guard.track(new ArenaBufferPool("algebra", 1024, 256, 32, true));
    private final QResult result = new QResult();

    @AfterEach
    void noLeaks() {
        guard.close();
    }

    // ------------------------------------------------------------------ element families

    /** Random elements: 1..600 bytes (up to three segments), first bytes spread out so predicates split them. */
    private static List<byte[]> elements(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[1 + random.nextInt(random.nextBoolean() ? 16 : 600)];
            random.nextBytes(data);
            out.add(data);
        }
        return out;
    }

    /** A predicate of a small family: first byte modulo m below k, or total length parity. */
    private static ElementPredicate predicate(int code) {
        int m = 2 + code % 5;
        int k = 1 + (code / 5) % m;
        if (code % 7 == 6) {
            return e -> (e.totalLength() & 1) == 0;
        }
        return e -> Math.floorMod(e.getByte(0), m) < k;
    }

    /**
     * A mapper of a small family: add a constant to every byte in place; keep a prefix in a new element; drop
     * elements whose first byte is a multiple of a constant. None produces an empty element.
     */
    private static ElementMapper mapper(int code) {
        int param = 1 + code / 3;
        return switch (code % 3) {
            case 0 -> e -> {
                for (long i = 0; i < e.totalLength(); i++) {
                    e.setByte(i, (byte) (e.getByte(i) + param));
                }
                return e;
            };
            case 1 -> e -> {
                int n = (int) Math.max(1, e.totalLength() - param);
                Sga out = e.pool().allocate(n);
                for (int i = 0; i < n; i++) {
                    out.setByte(i, e.getByte(i));
                }
                return out;
            };
            default -> e -> Math.floorMod(e.getByte(0), param + 2) == 0 ? null : e;
        };
    }

    /** The model of {@link #predicate}: the same test on plain bytes. */
    private static boolean modelTest(int code, byte[] e) {
        int m = 2 + code % 5;
        int k = 1 + (code / 5) % m;
        if (code % 7 == 6) {
            return (e.length & 1) == 0;
        }
        return Math.floorMod(e[0], m) < k;
    }

    /** The model of {@link #mapper}: the same transformation on plain bytes (null = dropped). */
    private static byte[] modelMap(int code, byte[] e) {
        int param = 1 + code / 3;
        return switch (code % 3) {
            case 0 -> {
                byte[] out = e.clone();
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) (out[i] + param);
                }
                yield out;
            }
            case 1 -> java.util.Arrays.copyOf(e, Math.max(1, e.length - param));
            default -> Math.floorMod(e[0], param + 2) == 0 ? null : e;
        };
    }

    /** g then f, as one mapper, honouring the mapper contract (the caller frees the input when replaced). */
    private static ElementMapper compose(ElementMapper f, ElementMapper g) {
        return e -> {
            Sga r = g.map(e);
            if (r == null) {
                return null;
            }
            Sga s = f.map(r);
            if (r != e && s != r) {
                r.pool().free(r);
            }
            return s;
        };
    }

    // ------------------------------------------------------------------ driving

    private void pushAll(TestLibOS libos, int qd, List<byte[]> data) {
        for (byte[] bytes : data) {
            Sga sga = libos.sgaAlloc(bytes.length).fill(bytes);
            assertEquals(Errno.OK, libos.blockingPush(qd, sga, MS));
            libos.sgaFree(sga);
        }
    }

    /** Pops until nothing comes within a (virtual) millisecond; the elements as hex strings. */
    private List<String> drain(TestLibOS libos, int qd) {
        List<String> out = new ArrayList<>();
        while (libos.blockingPop(qd, result, MS) == Errno.OK) {
            Sga sga = result.sga();
            assertTrue(sga.totalLength() > 0, "no end of stream on memory queues");
            out.add(HexFormat.of().formatHex(sga.toByteArray()));
            libos.sgaFree(sga);
        }
        return out;
    }

    private static List<String> hex(List<byte[]> data) {
        List<String> out = new ArrayList<>();
        for (byte[] d : data) {
            out.add(HexFormat.of().formatHex(d));
        }
        return out;
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    private void closeAndCheck(TestLibOS libos) {
        libos.close();
        assertEquals(0, libos.sgaPool().outstanding());
        assertEquals(0, pool.outstanding(), () -> pool.leakReport());
    }

    // ------------------------------------------------------------------ properties

    @Test
    void filterOfMergeIsMergeOfFilters() {
        qt().withFixedSeed(4_020L).withExamples(60)
                .forAll(integers().between(0, 20), integers().between(0, 20), integers().between(0, 34), integers().all())
                .checkAssert((na, nb, code, seed) -> {
                    List<byte[]> inA = elements(na, seed);
                    List<byte[]> inB = elements(nb, seed + 1);
                    ElementPredicate p = predicate(code);
                    TestLibOS libos = new TestLibOS(pool);
                    int a1 = libos.queue();
                    int b1 = libos.queue();
                    int left = libos.filter(libos.merge(a1, b1), p);
                    int a2 = libos.queue();
                    int b2 = libos.queue();
                    int right = libos.merge(libos.filter(a2, p), libos.filter(b2, p));
                    pushAll(libos, a1, inA);
                    pushAll(libos, b1, inB);
                    pushAll(libos, a2, inA);
                    pushAll(libos, b2, inB);
                    List<String> l = drain(libos, left);
                    List<String> r = drain(libos, right);
                    assertEquals(sorted(l), sorted(r), "the same multiset");
                    List<byte[]> model = new ArrayList<>();
                    for (byte[] e : inA) {
                        if (modelTest(code, e)) {
                            model.add(e);
                        }
                    }
                    for (byte[] e : inB) {
                        if (modelTest(code, e)) {
                            model.add(e);
                        }
                    }
                    assertEquals(sorted(hex(model)), sorted(l), "and it is what the predicate keeps");
                    closeAndCheck(libos);
                });
    }

    @Test
    void pushingIntoAMergeReachesBothInputsInOrder() {
        qt().withFixedSeed(4_021L).withExamples(40)
                .forAll(integers().between(0, 30), integers().all())
                .checkAssert((n, seed) -> {
                    List<byte[]> data = elements(n, seed);
                    TestLibOS libos = new TestLibOS(pool);
                    int a = libos.queue();
                    int b = libos.queue();
                    pushAll(libos, libos.merge(a, b), data);
                    assertEquals(hex(data), drain(libos, a));
                    assertEquals(hex(data), drain(libos, b));
                    closeAndCheck(libos);
                });
    }

    @Test
    void mapOfMapIsMapOfTheComposition() {
        qt().withFixedSeed(4_022L).withExamples(80)
                .forAll(integers().between(0, 25), integers().between(0, 29), integers().between(0, 29), integers().all())
                .checkAssert((n, fCode, gCode, seed) -> {
                    List<byte[]> data = elements(n, seed);
                    ElementMapper f = mapper(fCode);
                    ElementMapper g = mapper(gCode);
                    TestLibOS libos = new TestLibOS(pool);
                    // pop side: map(f, map(g, q)) pops what map(f . g, q) pops, in the same order
                    int q1 = libos.queue();
                    int nested = libos.map(libos.map(q1, g), f);
                    int q2 = libos.queue();
                    int composed = libos.map(q2, compose(f, g));
                    pushAll(libos, q1, data);
                    pushAll(libos, q2, data);
                    List<String> fromComposed = drain(libos, composed);
                    assertEquals(fromComposed, drain(libos, nested));
                    List<byte[]> model = new ArrayList<>();
                    for (byte[] e : data) {
                        byte[] r = modelMap(gCode, e);
                        r = r == null ? null : modelMap(fCode, r);
                        if (r != null) {
                            model.add(r);
                        }
                    }
                    assertEquals(hex(model), fromComposed, "and it is f after g");
                    // push side: the outer mapper applies first, so map(f, map(g, q)) pushes g . f
                    int q3 = libos.queue();
                    int q4 = libos.queue();
                    pushAll(libos, libos.map(libos.map(q3, g), f), data);
                    pushAll(libos, libos.map(q4, compose(g, f)), data);
                    List<String> pushedComposed = drain(libos, q4);
                    assertEquals(pushedComposed, drain(libos, q3));
                    List<byte[]> pushModel = new ArrayList<>();
                    for (byte[] e : data) {
                        byte[] r = modelMap(fCode, e);
                        r = r == null ? null : modelMap(gCode, r);
                        if (r != null) {
                            pushModel.add(r);
                        }
                    }
                    assertEquals(hex(pushModel), pushedComposed, "pushing applies f, then g");
                    closeAndCheck(libos);
                });
    }

    @Test
    void filterOfFilterIsFilterOfTheConjunction() {
        qt().withFixedSeed(4_023L).withExamples(80)
                .forAll(integers().between(0, 30), integers().between(0, 34), integers().between(0, 34), integers().all())
                .checkAssert((n, pCode, qCode, seed) -> {
                    List<byte[]> data = elements(n, seed);
                    ElementPredicate p = predicate(pCode);
                    ElementPredicate q = predicate(qCode);
                    TestLibOS libos = new TestLibOS(pool);
                    int x1 = libos.queue();
                    int x2 = libos.queue();
                    pushAll(libos, x1, data);
                    pushAll(libos, x2, data);
                    List<String> nested = drain(libos, libos.filter(libos.filter(x1, q), p));
                    List<String> conjunction = drain(libos, libos.filter(x2, p.and(q)));
                    assertEquals(conjunction, nested, "same elements, same order");
                    List<byte[]> model = new ArrayList<>();
                    for (byte[] e : data) {
                        if (modelTest(pCode, e) && modelTest(qCode, e)) {
                            model.add(e);
                        }
                    }
                    assertEquals(hex(model), nested, "and it is what both predicates keep");
                    int y1 = libos.queue();
                    int y2 = libos.queue();
                    pushAll(libos, libos.filter(libos.filter(y1, q), p), data);
                    pushAll(libos, libos.filter(y2, p.and(q)), data);
                    List<String> pushed = drain(libos, y2);
                    assertEquals(pushed, drain(libos, y1), "and on the push side");
                    assertEquals(hex(model), pushed);
                    closeAndCheck(libos);
                });
    }

    @Test
    void sortYieldsANonDecreasingSequenceOfWhatWasAvailable() {
        ElementComparator byFirstBytes = (x, y) -> {
            long n = Math.min(x.totalLength(), y.totalLength());
            for (long i = 0; i < n; i++) {
                int c = Integer.compare(x.getByte(i) & 0xFF, y.getByte(i) & 0xFF);
                if (c != 0) {
                    return c;
                }
            }
            return Long.compare(x.totalLength(), y.totalLength());
        };
        qt().withFixedSeed(4_024L).withExamples(60)
                .forAll(integers().between(0, 40), integers().all())
                .checkAssert((n, seed) -> {
                    List<byte[]> data = elements(n, seed);
                    TestLibOS libos = new TestLibOS(pool);
                    int q = libos.queue();
                    int s = libos.sort(q, byFirstBytes);
                    pushAll(libos, q, data);
                    List<String> popped = drain(libos, s);
                    assertEquals(sorted(hex(data)), sorted(popped), "the same multiset");
                    for (int i = 1; i < popped.size(); i++) {
                        assertTrue(compareUnsignedHex(popped.get(i - 1), popped.get(i)) <= 0,
                                "non-decreasing at " + i);
                    }
                    closeAndCheck(libos);
                });
    }

    /** Unsigned lexicographic order of byte strings, shorter first on a common prefix (as the comparator). */
    private static int compareUnsignedHex(String a, String b) {
        byte[] x = HexFormat.of().parseHex(a);
        byte[] y = HexFormat.of().parseHex(b);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    @Test
    void qconnectDeliversExactlyWhatWasPushedInOrder() {
        qt().withFixedSeed(4_025L).withExamples(60)
                .forAll(lists().of(integers().between(0, 5)).ofSizeBetween(0, 40), integers().all())
                .checkAssert((batches, seed) -> {
                    TestLibOS libos = new TestLibOS(pool);
                    int in = libos.socket(Domain.INET, SocketType.STREAM);
                    int mid = libos.queue();
                    int out = libos.queue();
                    long first = libos.qconnect(in, mid);
                    long second = libos.qconnect(libos.map(mid, mapper(0)), out);
                    List<byte[]> all = new ArrayList<>();
                    Random random = new Random(seed);
                    for (int batch : batches) {
                        List<byte[]> data = elements(batch, random.nextLong());
                        all.addAll(data);
                        pushAll(libos, in, data);
                        for (int i = random.nextInt(3); i > 0; i--) {
                            libos.poll();
                        }
                    }
                    libos.pipe(in).shutdown();
                    assertEquals(Errno.OK, libos.wait(first, result, 1_000 * MS));
                    assertTrue(result.ok(), result.toString());
                    List<String> expected = new ArrayList<>();
                    for (byte[] d : all) {
                        byte[] shifted = d.clone();
                        for (int i = 0; i < shifted.length; i++) {
                            shifted[i] = (byte) (shifted[i] + 1);
                        }
                        expected.add(HexFormat.of().formatHex(shifted));
                    }
                    assertEquals(expected, drain(libos, out));
                    assertEquals(-Errno.ETIMEDOUT, libos.waitAny(new long[] {second}, 1, result, MS), "mid never ends");
                    closeAndCheck(libos);
                });
    }
}
