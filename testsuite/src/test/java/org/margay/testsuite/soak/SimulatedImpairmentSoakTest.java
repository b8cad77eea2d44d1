package org.margay.testsuite.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.sim.SimReport;
import org.margay.sim.TransferScenario;

/**
 * The fault soak of issue #9 in simulation: one connection carries the soak size in each direction between two
 * Margay stacks on the simulator's switch, every frame of both uplinks going through the impairment engine with
 * 5 % loss, 3 % reordering, 2 % duplication and 1 % single-bit corruption; every byte is checked (the scenario's
 * {@code intact}). Virtual time, so the run is deterministic for its seed.
 *
 * <p>CI runs the full 1 GiB per direction (a few seconds of wall time); {@code -Dmargay.soak.bytes=N} changes
 * it (figures in docs/RELIABILITY.md).
 */
class SimulatedImpairmentSoakTest {
    static final ImpairmentProfile FAULTS = ImpairmentProfile.builder().loss(5).reorder(3, 300_000L)
            .duplicate(2).corrupt(1).build();

    @Test
    void everyByteArrivesThroughLossReorderingDuplicationAndCorruption() {
        long bytes = SoakSize.bytes(1L << 30);
        long t0 = System.nanoTime();
        SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(bytes).seed(9)
                .impairment(FAULTS).timeLimitNanos(36_000_000_000_000L).build().run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "soak: simulated %s each way, 5%% loss: %.1f s wall, %s%n", SoakSize.format(bytes),
                seconds, report.summaryLine());
        assertTrue(report.intact(), report.summaryLine());
        assertEquals(2 * bytes, report.bytesDelivered(), report.summaryLine());
        assertTrue(report.framesDropped() > 0 && report.framesCorrupted() > 0, "the faults happened: " + report.summaryLine());
    }
}
