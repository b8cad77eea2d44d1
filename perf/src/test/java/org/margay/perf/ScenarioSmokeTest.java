package org.margay.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.margay.testkit.Capabilities;

/**
 * Smoke tests of the runner's machinery in quick mode: real child JVMs, one round, tiny windows. They check that
 * figures come back, never what the figures are (no timing is asserted).
 */
class ScenarioSmokeTest {
    @TempDir
    Path temp;

    private RunContext context(List<String> scenarios) throws Exception {
        BenchOptions o = new BenchOptions(true, scenarios, 1, null, null, null, false, temp.resolve("run"));
        Launcher l = new Launcher(o.runDirectory());
        return new RunContext(o, l, new PlacementProbe(l, true), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void margayEchoOverSharedMemoryBetweenTwoJvms() throws Exception {
        Capabilities.require(Files.isDirectory(Path.of("/dev/shm")), "needs /dev/shm for the shared-memory device");
        Capabilities.require(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs for a busy-polling pair");
        RunContext ctx = context(List.of("p1"));
        Variant margay = new EchoScenario().margay(ctx, "shm");
        try {
            // two windows of one session: the second runs after the pair was frozen and thawed
            for (int round = 0; round < 2; round++) {
                Map<String, String> res = margay.run().run(round);
                Histogram h = Latencies.decode(res.get("hist"));
                assertTrue(h.getTotalCount() > 0, "round trips recorded: " + res);
                assertEquals("0", res.get("bad"), "every echo came back whole");
            }
        } finally {
            margay.cleanup().run();
        }
        double probe = ctx.probe().measure();
        assertTrue(Double.isNaN(probe) || probe > 0, "the probe gives a positive figure or none, never throws");
    }

    @Test
    void scaleScenarioReportsRowsAgainstTheTargets() throws Exception {
        RunContext ctx = context(List.of("p5"));
        // A small run in a child JVM: the scenario's figures come back as rows with the target alternative.
        Launcher l = ctx.launcher();
        try (ChildProcess p = l.start("scale", l.javaCommand(-1, List.of("-Xmx512m"), "scale",
                List.of("connections=2000", "batch=128", "buffer=1024")))) {
            assertEquals(0, p.awaitExit(120_000), p.failureReason());
            assertEquals("2000", p.result("established"));
            assertTrue(Double.parseDouble(p.result("heap_per_conn")) > 0);
        }
    }

    @Test
    void runnerPrintsTableAndWritesJsonAndSvg() throws Exception {
        Scenario fake = new Scenario() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public ScenarioResult run(RunContext c) {
                ScenarioResult r = new ScenarioResult("fake", "fake");
                r.add(new Comparison("fake", "gbps", "Gbit/s", Better.HIGHER, 1).expect("iperf3-default", 1)
                        .margay(0, 2).alternative("iperf3-default", 0, 1));
                return r;
            }
        };
        Path json = temp.resolve("out.json");
        Path svg = temp.resolve("out.svg");
        BenchOptions o = new BenchOptions(true, List.of(), 1, json, svg, null, false, temp.resolve("run2"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new BenchRunner(List.of(fake)).run(o, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("iperf3-default"));
        assertTrue(Files.readString(json).contains("\"ratio\": 2"));
        assertTrue(Files.readString(svg).startsWith("<svg"));
        BenchOptions none = new BenchOptions(true, List.of("nothing"), 1, null, null, null, false, temp.resolve("run3"));
        assertEquals(2, new BenchRunner(List.of(fake)).run(none, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
    }
}
