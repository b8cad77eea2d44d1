package org.margay.fastpath.impair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.PacketBuffer;

class ImpairmentTest {
    @Test
    void observedRandomLossConvergesToTheConfiguredRate() {
        int frames = 50_000;
        qt().withExamples(40).forAll(doubles().between(0, 100), longs().all()).checkAssert((percent, seed) -> {
            Impairment engine = new Impairment(ImpairmentProfile.builder().loss(percent).seed(seed).build());
            for (int i = 0; i < frames; i++) {
                engine.decide();
            }
            double p = percent / 100;
            double observed = (double) engine.dropped() / frames;
            double tolerance = 6 * Math.sqrt(p * (1 - p) / frames) + 1e-9;
            assertEquals(p, observed, tolerance, "loss " + percent + "% seed " + seed);
            assertEquals(frames, engine.frames());
            assertEquals(frames - engine.dropped(), engine.delivered());
        });
    }

    @Test
    void observedBurstyLossConvergesToTheStationaryRate() {
        int frames = 200_000;
        qt().withExamples(20)
                .forAll(doubles().between(5, 50), doubles().between(5, 50), doubles().between(0, 100), longs().all())
                .checkAssert((goodToBad, badToGood, badLoss, seed) -> {
                    ImpairmentProfile profile = ImpairmentProfile.builder().loss(1)
                            .gilbertElliott(goodToBad, badToGood, badLoss).seed(seed).build();
                    Impairment engine = new Impairment(profile);
                    for (int i = 0; i < frames; i++) {
                        engine.decide();
                    }
                    double expected = profile.expectedLossPercent() / 100;
                    double observed = (double) engine.dropped() / frames;
                    // The chain's memory inflates the variance by (1 + λ) / (1 - λ), λ = 1 - p - r.
                    double lambda = 1 - goodToBad / 100 - badToGood / 100;
                    double variance = 0.25 * (1 + lambda) / (1 - lambda) + 0.25;
                    assertEquals(expected, observed, 6 * Math.sqrt(variance / frames), profile.toString());
                });
    }

    @Test
    void theSameSeedGivesTheSameDecisions() {
        qt().withExamples(100)
                .forAll(integers().between(0, 100), integers().between(0, 100), integers().between(0, 100), longs().all())
                .checkAssert((loss, dupAndReorder, corrupt, seed) -> {
                    ImpairmentProfile profile = ImpairmentProfile.builder().loss(loss).gilbertElliott(10, 40, 60)
                            .duplicate(dupAndReorder).reorder(dupAndReorder, 0).corrupt(corrupt).seed(seed).build();
                    Impairment first = new Impairment(profile);
                    Impairment second = new Impairment(profile);
                    for (int i = 0; i < 500; i++) {
                        int decision = first.decide();
                        assertEquals(decision, second.decide(), "frame " + i);
                        if ((decision & Impairment.CORRUPT) != 0) {
                            assertEquals(first.pickBit(60 + i), second.pickBit(60 + i));
                        }
                    }
                    assertEquals(first.toString(), second.toString());
                });
    }

    @Test
    void differentSeedsGiveDifferentDecisions() {
        ImpairmentProfile profile = ImpairmentProfile.builder().loss(50).build();
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        Impairment first = new Impairment(profile.withSeed(1));
        Impairment second = new Impairment(profile.withSeed(2));
        for (int i = 0; i < 64; i++) {
            a.append(first.decide());
            b.append(second.decide());
        }
        assertNotEquals(a.toString(), b.toString());
    }

    @Test
    void aPerfectLinkDeliversEverythingAndCountsIt() {
        Impairment engine = new Impairment(ImpairmentProfile.NONE);
        assertTrue(engine.isPassThrough());
        for (int i = 0; i < 100; i++) {
            assertEquals(Impairment.DELIVER, engine.decide());
        }
        assertEquals(100, engine.delivered());
        assertEquals(0, engine.dropped() + engine.duplicated() + engine.corrupted() + engine.reordered());
    }

    @Test
    void certainFaultsAlwaysHappenAndAreCounted() {
        Impairment engine = new Impairment(ImpairmentProfile.builder().duplicate(100).corrupt(100).reorder(100, 5).build());
        for (int i = 0; i < 10; i++) {
            assertEquals(Impairment.DUPLICATE | Impairment.CORRUPT | Impairment.REORDER, engine.decide());
        }
        assertEquals(10, engine.duplicated());
        assertEquals(10, engine.corrupted());
        assertEquals(10, engine.reordered());
        Impairment lossy = new Impairment(ImpairmentProfile.builder().loss(100).duplicate(100).build());
        assertEquals(Impairment.DROP, lossy.decide(), "a lost frame is not also duplicated");
        assertEquals(0, lossy.duplicated());
    }

    @Test
    void corruptionFlipsExactlyOneBitAnywhereInAChain() {
        try (ArenaBufferPool pool = new ArenaBufferPool("flip", 8, 128, 0, false)) {
            qt().withExamples(300).forAll(integers().between(1, 3), integers().between(1, 100), longs().all())
                    .checkAssert((segments, segmentLength, seed) -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        PacketBuffer head = null;
                        PacketBuffer last = null;
                        for (int s = 0; s < segments; s++) {
                            PacketBuffer segment = pool.allocate();
                            int at = segment.append(segmentLength);
                            for (int i = 0; i < segmentLength; i++) {
                                segment.segment().set(ValueLayout.JAVA_BYTE, at + i, (byte) random.nextInt(256));
                            }
                            if (head == null) {
                                head = segment;
                            } else {
                                last.next(segment);
                            }
                            last = segment;
                        }
                        byte[] before = flatten(head);
                        Impairment engine = new Impairment(ImpairmentProfile.builder().corrupt(100).seed(seed).build());
                        long bit = engine.corrupt(head);
                        byte[] after = flatten(head);
                        int differing = 0;
                        for (int i = 0; i < before.length; i++) {
                            differing += Integer.bitCount((before[i] ^ after[i]) & 0xFF);
                        }
                        assertEquals(1, differing);
                        assertEquals((before[(int) (bit >>> 3)] ^ after[(int) (bit >>> 3)]) & 0xFF, 0x80 >>> (bit & 7));
                        head.release();
                    });
            pool.assertNoLeaks();
        }
    }

    private static byte[] flatten(PacketBuffer frame) {
        byte[] bytes = new byte[frame.frameLength()];
        frame.copyTo(java.lang.foreign.MemorySegment.ofArray(bytes), 0);
        return bytes;
    }
}
