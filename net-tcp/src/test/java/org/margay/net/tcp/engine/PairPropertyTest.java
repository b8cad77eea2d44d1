package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

/**
 * For any seed and any loss, reordering and duplication rate up to 10 % each, random byte streams of random length
 * in both directions arrive byte-exact and both sides close cleanly (TIME-WAIT included). The configuration
 * (congestion control, SACK, timestamps, window scaling, Nagle) is drawn from the seed too.
 */
class PairPropertyTest {
    static final long LIMIT = 60 * 60_000_000_000L; // one virtual hour

    static TcpConfig configFor(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        return TcpConfig.builder()
                .congestionControl(r.nextBoolean() ? "cubic" : "newreno")
                .sack(r.nextInt(4) != 0)
                .timestamps(r.nextInt(4) != 0)
                .windowScaling(r.nextInt(4) != 0)
                .noDelay(r.nextBoolean())
                .sendBufferSize(16 * 1024 << r.nextInt(4))
                .receiveBufferSize(16 * 1024 << r.nextInt(4))
                .mslNanos(1_000_000_000L)
                .build();
    }

    static String run(long seed, int lossPct, int reorderPct, int dupPct, int up, int down) {
        WirePair p = new WirePair(configFor(seed), seed, lossPct / 100.0, reorderPct / 100.0, dupPct / 100.0);
        p.open(up, down);
        boolean done = p.run(LIMIT);
        String problem = p.verify();
        if (problem != null) {
            return "seed=" + seed + " loss=" + lossPct + " reorder=" + reorderPct + " dup=" + dupPct + " up=" + up
                    + " down=" + down + ": " + problem;
        }
        return done ? null : "seed=" + seed + ": did not finish";
    }

    @Test
    void anyImpairmentUpToTenPercentDeliversBothStreamsAndCloses() {
        qt().withExamples(60)
                .forAll(longs().all(), integers().between(0, 10), integers().between(0, 10), integers().between(0, 10))
                .checkAssert((seed, loss, reorder, dup) -> assertNull(run(seed, loss, reorder, dup,
                        (int) Math.floorMod(seed >>> 7, 40_001L), (int) Math.floorMod(seed >>> 29, 30_001L))));
    }

    @Test
    void thousandConcurrentConnections() {
        TcpConfig config = TcpConfig.builder().sendBufferSize(8 * 1024).receiveBufferSize(8 * 1024)
                .mslNanos(1_000_000_000L).build();
        WirePair p = new WirePair(config, 77, 0.01, 0.01, 0.01);
        for (int i = 0; i < 1000; i++) {
            p.open(1000 + (i % 7) * 300, 500 + (i % 5) * 400);
        }
        assertTrue(p.run(LIMIT), "did not finish");
        assertNull(p.verify());
    }
}
