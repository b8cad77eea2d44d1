package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Fate;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.sim.DropRule;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.explain.sim.RunExplainer;
import org.margay.explain.sim.SimSpec;
import org.margay.explain.sim.StackProbe;
import org.margay.explain.sim.TransferApp;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;

/** Simulated runs: what the probes report agrees with the stacks' own counters, and bad input is refused. */
class SimExplainTest {
    @TempDir
    Path dir;

    @Test
    void retransmissionCausesAddUpToTheStacksCounters() {
        ImpairmentProfile loss = ImpairmentProfile.builder().loss(4).seed(9).build();
        try (LabNetwork network = new LabNetwork()) {
            TcpConfig tcp = TcpConfig.builder().build();
            network.addHost(1, "client", tcp, 1500, LabNetwork.link(500_000, 100_000_000, 0, loss), DropRule.NONE, 9);
            network.addHost(2, "server", tcp, 1500, LabNetwork.link(500_000, 100_000_000, 0, loss), DropRule.NONE, 9);
            TransferApp app = new TransferApp(TransferApp.Plan.simple(1, 300_000, 300_000));
            app.start(network);
            assertTrue(network.run(app, 120_000_000_000L));
            assertTrue(app.intact(), app.summary().toString());
            long counted = 0;
            for (LabHost h : network.hosts()) {
                for (StackProbe.Watched w : h.probe().connections()) {
                    counted += w.connection().stats().retransmits() + w.connection().stats().synRetransmits();
                }
            }
            Explanation x = RunExplainer.explain(network, "t", "t", app.summary());
            ConnectionTimeline c = x.connections().get(0);
            long explained = c.packets().stream().filter(p -> p.cause() != null).count();
            assertTrue(counted > 0, "the loss made retransmissions");
            assertEquals(counted, explained, "every retransmission the stacks counted has a cause, and no more");
            assertTrue(c.packets().stream().anyMatch(p -> p.fate() == Fate.LOST));
            for (PacketRecord p : c.packets()) {
                assertTrue(p.fate() == Fate.LOST || p.arrivedNanos() > p.sentNanos(), p.toString());
            }
            assertTrue(c.hasSeries(Metric.CWND, 0) && c.hasSeries(Metric.RTT_SAMPLE, 0)
                    && c.hasSeries(Metric.IN_FLIGHT, 0));
            assertTrue(c.events().stream().anyMatch(e -> e.kind() == EventKind.LOSS));
        }
    }

    @Test
    void simSpecRejectsBadValues() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SimSpec(1, 1, 1, 0, 0, 0, 1, 1, 0, 100, "cubic", true, 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SimSpec(0, 1, 1, 0, 0, 0, 1, 1, 0, 1500, "cubic", true, 1).run());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SimSpec(1, 1, 1, 0, 0, 0, 1, 1, 0, 1500, "vegas", true, 1).run());
    }

    @Test
    void damagedOrForeignFilesAreExplainedUpToTheDamage() throws IOException {
        Path garbage = dir.resolve("garbage.pcap");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Explanation x = CaptureExplainer.explain(garbage);
        assertTrue(x.connections().isEmpty());
        assertTrue(x.summary().stream().anyMatch(l -> l.startsWith("the file is damaged")), x.summary().toString());

        Path good = dir.resolve("good.pcapng");
        try (LabNetwork network = new LabNetwork()) {
            TcpConfig tcp = TcpConfig.builder().build();
            LabHost client = network.addHost(1, "client", tcp, 1500, LabNetwork.link(1000, 0, 0,
                    ImpairmentProfile.NONE), DropRule.NONE, 1);
            network.addHost(2, "server", tcp, 1500, LabNetwork.link(1000, 0, 0, ImpairmentProfile.NONE),
                    DropRule.NONE, 1);
            network.network().recordLink(client.port(), good);
            TransferApp app = new TransferApp(TransferApp.Plan.simple(1, 5000, 5000));
            app.start(network);
            network.run(app, 10_000_000_000L);
        }
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.pcapng");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 37));
        Explanation partial = CaptureExplainer.explain(cut);
        assertEquals(1, partial.connections().size());
        assertTrue(partial.summary().stream().anyMatch(l -> l.startsWith("the file is damaged")));
        Explanation whole = CaptureExplainer.explain(good);
        assertTrue(whole.summary().stream().noneMatch(l -> l.startsWith("the file is damaged")));
        assertTrue(whole.connections().get(0).packets().size() > partial.connections().get(0).packets().size());
    }
}
