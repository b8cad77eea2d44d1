package org.margay.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class TransferScenarioTest {
    /** Every fault the property below may draw, at its percentage (each up to 10 %). */
    static ImpairmentProfile impairment(int loss, int reorder, int duplicate, int corrupt) {
        return ImpairmentProfile.builder().loss(loss).reorder(reorder, 300_000).duplicate(duplicate).corrupt(corrupt)
                .build();
    }

    @Test
    void cleanOneWayTransferIsIntactAndTakesTheFastPath() {
        SimReport report = TransferScenario.builder().connections(1).bytesUp(2_000_000).bytesDown(0).seed(1).build()
                .run();
        assertTrue(report.intact(), report.summaryLine());
        assertTrue(report.summaryLine().contains("intact=true"));
        assertEquals(2_000_000, report.bytesDelivered());
        assertTrue(report.fastPathShare() >= 0.99, report.summaryLine());
        assertEquals(0, report.retransmissions(), report.summaryLine()); // a loss-free link retransmits nothing
    }

    @Test
    void cleanTwoWayTransferIsIntactAndTakesTheFastPath() {
        SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(2_000_000).seed(1).build().run();
        assertTrue(report.intact(), report.summaryLine());
        assertEquals(4_000_000, report.bytesDelivered());
        assertEquals(0, report.framesDropped());
        assertTrue(report.fastPathShare() >= 0.99, report.summaryLine());
        assertEquals(0, report.retransmissions(), report.summaryLine()); // a loss-free link retransmits nothing
    }

    /** Regression: short tails (4 KiB: two full segments and a short one) drew a spurious tail loss probe. */
    @Test
    void cleanRunsOfSeveralSizesRetransmitNothing() {
        for (int bytes : new int[] {4096, 65536, 1_048_576}) {
            SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(bytes).seed(1).build().run();
            assertTrue(report.intact(), report.summaryLine());
            assertEquals(0, report.retransmissions(), report.summaryLine());
        }
    }

    @Test
    void impairedTransfersAreIntactForAnySeed() {
        QuickTheory.qt().withExamples(25).withShrinkCycles(0)
                .forAll(SourceDSL.longs().between(1, 1_000_000), SourceDSL.integers().between(0, 11 * 11 * 11 * 11 - 1))
                .checkAssert((seed, faults) -> {
                    // four percentages 0..10, packed base 11 (QuickTheories takes at most four generators)
                    int loss = faults % 11;
                    int reorder = faults / 11 % 11;
                    int duplicate = faults / 121 % 11;
                    int corrupt = faults / 1331 % 11;
                    SimReport report = TransferScenario.builder().connections(2).bytesPerDirection(20_000).seed(seed)
                            .impairment(impairment(loss, reorder, duplicate, corrupt)).build().run();
                    assertTrue(report.intact(), report.summaryLine() + " loss=" + loss + " reorder=" + reorder
                            + " duplicate=" + duplicate + " corrupt=" + corrupt);
                });
    }

    /**
     * Regression, found by the property: a corrupted ARP reply (ARP has no checksum) taught the client a wrong
     * MAC for the server, which then saw every frame as "not for us" until the entry aged. The stack now drops
     * ARP whose sender MAC disagrees with the frame's source MAC.
     */
    @Test
    void corruptedArpReplySeed393327() {
        SimReport report = TransferScenario.builder().connections(2).bytesPerDirection(20_000).seed(393327)
                .impairment(impairment(1, 4, 9, 6)).build().run();
        assertTrue(report.intact(), report.summaryLine());
    }

    @Test
    void largerTransferUnderTenPercentOfEverything() {
        SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(300_000).seed(42)
                .impairment(impairment(10, 10, 10, 10)).build().run();
        assertTrue(report.intact(), report.summaryLine());
        assertTrue(report.retransmissions() > 0, report.summaryLine());
        assertTrue(report.framesCorrupted() > 0, report.summaryLine());
    }

    @Test
    void connectionSetupSurvivesHeavyLoss() {
        SimReport report = TransferScenario.builder().connections(5).bytesPerDirection(2_000).seed(3)
                .impairment(impairment(30, 0, 0, 0)).build().run();
        assertTrue(report.intact(), report.summaryLine());
        assertEquals(5, report.connectionsClosed());
    }

    @Test
    void thousandConcurrentConnections() {
        SimReport report = TransferScenario.builder().connections(1000).bytesPerDirection(1_000).seed(5)
                .tcp(TcpConfig.builder().sendBufferSize(16_384).receiveBufferSize(16_384).build()).build().run();
        assertTrue(report.intact(), report.summaryLine());
        assertEquals(1000, report.connectionsClosed());
    }

    /**
     * Regression for {@code margay sim --connections 1000 --bytes 4K} reporting ~1,270 retransmissions with no link
     * drops. Every one has a cause the summary now names: the client's 1,000 SYNs leave at once towards an
     * unresolved neighbour, and all but the 64 its ARP queue holds are dropped (stackDrops, arpQueue), then
     * retransmitted by the SYN timer after 1 s (synRetransmissions); the connections then start in the same instant
     * and their data queues for tens of milliseconds on the shared 1 Gbit/s links, far beyond the probe timeout
     * computed from the idle-link RTT, so tail loss probes go out that the peer reports as duplicates (tlp, dsacked);
     * and the burst overflows the switch's egress buffering (dropped, queues).
     */
    @Test
    void everyRetransmissionOfAThousandConnectionsHasAReportedCause() {
        SimReport report = TransferScenario.builder().connections(1000).bytesPerDirection(4096).seed(1)
                .latencyNanos(50_000).build().run();
        String line = report.summaryLine();
        assertTrue(report.intact(), line);
        SimReport.Causes c = report.causes();
        assertEquals(report.retransmissions(),
                c.retransmitsRto() + c.retransmitsFast() + c.retransmitsRack() + c.retransmitsTlp(), line);
        assertEquals(report.framesDropped(), c.framesLost() + c.framesDroppedByQueues(), line);
        assertEquals(0, c.framesLost(), "no impairment: " + line);
        // The SYNs: dropped by the ARP queue, each retransmitted once.
        assertTrue(c.arpQueueDrops() > 0, line);
        assertTrue(c.synRetransmissions() >= c.arpQueueDrops(), line);
        assertTrue(c.synRetransmissions() <= c.stackTransmitDrops() + report.framesDropped(), line);
        // The data: what the peer did not report as a duplicate answers a drop.
        assertTrue(report.retransmissions() - c.dsacksReceived() <= report.framesDropped() + c.stackTransmitDrops(),
                line);
        assertTrue(line.contains("synRetransmissions=") && line.contains("stackDrops=") && line.contains("dsacked="),
                line);
    }

    @Test
    void timeWaitExpiresWhenAskedToWait() {
        SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(10_000).seed(9)
                .waitForTimeWait(true).build().run();
        assertTrue(report.intact(), report.summaryLine());
        assertTrue(report.virtualTimeNanos() >= 60_000_000_000L, report.summaryLine()); // 2 x MSL
    }

    @Test
    void otherMtusWork() {
        for (int mtu : new int[] {576, 9000}) {
            SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(200_000).seed(12).mtu(mtu)
                    .build().run();
            assertTrue(report.intact(), mtu + ": " + report.summaryLine());
        }
    }

    @Test
    void traceShowsFramesAndStateTransitions() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        SimReport report = TransferScenario.builder().connections(1).bytesPerDirection(3_000).seed(13).trace(out)
                .build().run();
        String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(report.intact(), report.summaryLine());
        assertTrue(text.contains("client conn#0 CLOSED -> SYN-SENT: active OPEN"), text);
        assertTrue(text.contains("client conn#0 SYN-SENT -> ESTABLISHED: SYN-ACK acknowledges our SYN (RFC 9293 §3.10.7.3)"),
                text);
        assertTrue(text.contains("server conn#0 LAST-ACK -> CLOSED") || text.contains("-> TIME-WAIT"), text);
        assertTrue(text.contains("ESTABLISHED"), text);
        assertTrue(text.contains("Flags [S]"), text);
        assertTrue(text.contains("ARP, Request who-has 10.0.0.2"), text);
    }

    @Test
    void sameSeedSameReport() {
        TransferScenario scenario = TransferScenario.builder().connections(2).bytesPerDirection(30_000).seed(11)
                .impairment(impairment(5, 5, 5, 5)).build();
        assertEquals(scenario.run(), scenario.run());
    }
}
