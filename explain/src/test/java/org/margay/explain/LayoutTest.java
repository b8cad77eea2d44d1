package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.lab.Scenario;
import org.margay.explain.lab.Scenarios;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.render.Box;
import org.margay.explain.render.LadderDiagram;
import org.margay.explain.render.Svg;
import org.margay.explain.render.TimeSeriesPlot;
import org.margay.explain.sim.SimSpec;

/**
 * The pictures' layout, checked geometrically: no two text boxes overlap, and every box lies inside the picture.
 * Run on every lab scenario, on simulated runs with random impairments (a property over seeds), and on the
 * corpus captures with retransmissions.
 */
class LayoutTest {

    /** The overlapping pairs of boxes and the boxes outside the picture, as readable lines (empty when fine). */
    static List<String> problems(Svg svg) {
        List<String> out = new ArrayList<>();
        List<Box> boxes = svg.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            Box a = boxes.get(i);
            if (a.x() < 0 || a.y() < 0 || a.right() > svg.width() + 0.01 || a.bottom() > svg.height() + 0.01) {
                out.add("outside the picture: " + a);
            }
            for (int j = i + 1; j < boxes.size(); j++) {
                if (a.overlaps(boxes.get(j))) {
                    out.add("overlap: " + a + " / " + boxes.get(j));
                }
            }
        }
        return out;
    }

    private static void check(ConnectionTimeline c, String what) {
        Svg ladder = LadderDiagram.render(c, LadderDiagram.Options.defaults());
        List<String> p = problems(ladder);
        assertTrue(p.isEmpty(), what + " ladder: " + p);
        assertFalse(ladder.boxes().isEmpty());
        Svg plot = TimeSeriesPlot.render(c, -1);
        p = problems(plot);
        assertTrue(p.isEmpty(), what + " plot: " + p);
    }

    @Test
    void boxesOverlapOnlyWhenTheyShareArea() {
        Box a = new Box(0, 0, 10, 10, "a");
        assertTrue(a.overlaps(new Box(5, 5, 10, 10, "b")));
        assertFalse(a.overlaps(new Box(10, 0, 10, 10, "touching")));
        assertFalse(a.overlaps(new Box(0, 11, 10, 10, "below")));
    }

    @Test
    void everyScenarioDrawsWithoutOverlaps() {
        for (Scenario s : Scenarios.all()) {
            Explanation x = s.explain();
            for (ConnectionTimeline c : x.connections()) {
                check(c, s.name() + " connection " + c.id());
            }
        }
    }

    @Test
    void randomImpairedRunsDrawWithoutOverlaps() {
        qt().withExamples(6).withFixedSeed(11).forAll(integers().between(1, 10_000), integers().between(0, 8))
                .checkAssert((seed, loss) -> {
                    SimSpec spec = new SimSpec(1, 30_000, 20_000, loss, loss / 2.0, 1, 2, 50, 0, 1500, "cubic",
                            seed % 2 == 0, seed);
                    Explanation x = spec.run();
                    for (ConnectionTimeline c : x.connections()) {
                        check(c, "seed " + seed + " loss " + loss);
                        // Every window of the ladder, not only the first.
                        for (int first = 0; first < c.packets().size(); first += 40) {
                            List<String> p = problems(LadderDiagram.render(c, new LadderDiagram.Options(first, 40)));
                            assertTrue(p.isEmpty(), "seed " + seed + " from " + first + ": " + p);
                        }
                    }
                });
    }

    @Test
    void corpusCapturesDrawWithoutOverlaps() throws IOException {
        Path root = CorpusAgreementTest.corpus();
        Assumptions.assumeTrue(root != null, "the capture corpus is absent: corpus pictures not checked");
        for (String name : new String[] {"zeek/tcp/retransmit-fast009.pcap", "zeek/tcp/reassembly.pcap",
                "zeek/tcp/timestamp.pcap", "tcpdump/dns_tcp.pcap", "zeek/tcp/handshake-reorder.pcap"}) {
            Explanation x = CaptureExplainer.explain(root.resolve("pcap").resolve(name));
            for (ConnectionTimeline c : x.connections()) {
                if (c.isTcp()) {
                    check(c, name + " connection " + c.id());
                }
            }
        }
    }

    @Test
    void longTextIsCutToTheRoomItHas() {
        String cut = Svg.fit("a label that is much too long for a small column", 100, 11);
        assertTrue(Svg.textWidth(cut, 11) <= 100, cut);
        assertTrue(cut.endsWith("…"));
        assertTrue(Svg.fit("short", 100, 11).equals("short"));
    }
}
