package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Finding;
import org.margay.explain.sim.DropRule;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.explain.sim.TransferApp;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;

/**
 * The passive analyser against a live tshark on larger captures than the corpus holds: simulated transfers with
 * loss, reordering and duplication, recorded at the client's port, judged frame by frame by both. Skips with a
 * message when tshark is not installed.
 */
class SimulatedCaptureAgreementTest {
    @TempDir
    Path dir;

    private Path record(long seed, boolean sack, String cc) {
        ImpairmentProfile impairment = ImpairmentProfile.builder().loss(3).reorder(2, 0).duplicate(1).seed(seed)
                .build();
        TcpConfig tcp = TcpConfig.builder().sack(sack).congestionControl(cc).build();
        return record(seed, impairment, tcp, tcp, TransferApp.Plan.simple(2, 150_000, 150_000));
    }

    private Path record(long seed, ImpairmentProfile impairment, TcpConfig clientTcp, TcpConfig serverTcp,
                        TransferApp.Plan plan) {
        Path file = dir.resolve("run-" + seed + ".pcapng");
        LinkProfile link = LabNetwork.link(500_000, 50_000_000, 0, impairment);
        try (LabNetwork network = new LabNetwork()) {
            LabHost client = network.addHost(1, "client", clientTcp, 1500, link, DropRule.NONE, seed);
            network.addHost(2, "server", serverTcp, 1500, link, DropRule.NONE, seed);
            network.network().recordLink(client.port(), file);
            TransferApp app = new TransferApp(plan);
            app.start(network);
            assertTrue(network.run(app, 300_000_000_000L), "the transfer finished: " + app.summary());
        }
        return file;
    }

    @Test
    void agreesWithTsharkOnSimulatedLossyTransfers() throws IOException, InterruptedException {
        String tshark = Tshark.binary();
        Assumptions.assumeTrue(tshark != null, "tshark is not installed: agreement on simulated captures not measured");
        Agreement total = new Agreement();
        List<String> differences = new ArrayList<>();
        String[][] runs = {{"1", "true", "cubic"}, {"2", "false", "newreno"}, {"3", "true", "newreno"},
                {"4", "false", "cubic"}, {"5", "slow reader"}};
        for (String[] run : runs) {
            Path file = run.length == 3 ? record(Long.parseLong(run[0]), Boolean.parseBoolean(run[1]), run[2])
                    : record(5, ImpairmentProfile.NONE, TcpConfig.builder().build(),
                    TcpConfig.builder().receiveBufferSize(4096).build(),
                    new TransferApp.Plan(1, 40_000, 1000, 5000, 1_000_000_000L, 1024, 100_000_000L, false));
            Explanation x = CaptureExplainer.explain(file);
            Map<Integer, Set<Finding>> ours = new HashMap<>();
            x.connections().forEach(c -> c.packets().forEach(p -> ours.put(p.number(), p.findings())));
            for (Map.Entry<Integer, Set<Finding>> e : Tshark.expert(tshark, file).entrySet()) {
                Set<Finding> mine = ours.getOrDefault(e.getKey(), Set.of());
                total.add(mine, e.getValue());
                if (!mine.equals(e.getValue()) && differences.size() < 40) {
                    differences.add("seed " + run[0] + " frame " + e.getKey() + ": ours " + mine + " tshark "
                            + e.getValue());
                }
            }
        }
        System.out.println("passive analyser vs live tshark, " + runs.length
                + " simulated transfers (3% loss, 2% reordering, 1% duplication; and a slow reader with a 4 KiB"
                + " receive buffer):");
        System.out.print(total.table());
        differences.forEach(d -> System.out.println("  differs: " + d));
        assertTrue(total.tshark(Finding.RETRANSMISSION) >= 20, "enough retransmissions to compare");
        assertTrue(total.percent(Finding.RETRANSMISSION) >= 90.0, total.table());
        assertTrue(total.percent(Finding.DUP_ACK) >= 90.0, total.table());
        for (Finding f : Finding.values()) {
            if (total.tshark(f) >= 10) {
                assertTrue(total.percent(f) >= 90.0, f + ": " + total.table());
            }
        }
    }
}
