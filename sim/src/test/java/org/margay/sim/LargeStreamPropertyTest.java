package org.margay.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/**
 * Issue #3's central property at full size: for any seed and any mix of loss, reordering, duplication and
 * corruption up to 10 % each, random byte streams of random length up to several MiB in both directions arrive
 * byte-exact and in order, and both sides close cleanly. Few examples (each moves megabytes), all seeded, so a
 * failure names its seed and becomes a regression test.
 */
class LargeStreamPropertyTest {
    private static final long MAX_BYTES = 4L << 20;

    @Test
    void megabyteStreamsSurviveAnyImpairmentUpToTenPercent() {
        QuickTheory.qt().withExamples(6).withShrinkCycles(0)
                .forAll(SourceDSL.longs().between(1, Long.MAX_VALUE / 2),
                        SourceDSL.integers().between(0, 11 * 11 * 11 * 11 - 1))
                .checkAssert((seed, faults) -> {
                    int loss = faults % 11;
                    int reorder = faults / 11 % 11;
                    int duplicate = faults / 121 % 11;
                    int corrupt = faults / 1331 % 11;
                    long up = Math.floorMod(seed * 0x9E3779B97F4A7C15L, MAX_BYTES + 1);
                    long down = Math.floorMod(seed * 0xC2B2AE3D27D4EB4FL, MAX_BYTES + 1);
                    ImpairmentProfile profile = ImpairmentProfile.builder().loss(loss).reorder(reorder, 0)
                            .duplicate(duplicate).corrupt(corrupt).seed(seed).build();
                    SimReport report = TransferScenario.builder().connections(1).bytesUp(up).bytesDown(down)
                            .seed(seed).impairment(profile).build().run();
                    String context = report.summaryLine() + " loss=" + loss + " reorder=" + reorder
                            + " duplicate=" + duplicate + " corrupt=" + corrupt;
                    assertTrue(report.intact(), context);
                    assertEquals(up + down, report.bytesDelivered(), context);
                    assertEquals(report.connections(), report.connectionsClosed(), context);
                });
    }
}
