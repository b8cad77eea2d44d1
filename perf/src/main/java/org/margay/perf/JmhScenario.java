package org.margay.perf;

import java.nio.file.Path;
import java.util.List;

/**
 * P2, per-segment cost: the {@code bench} module's JMH benchmarks of the stack's fast path
 * ({@code org.margay.bench.stack}: TCP receive and transmit, pure ACKs, UDP, checksum) and of PDPIX
 * ({@code org.margay.bench.pdpix}: push, pop, wait, qtokens, operators), one row per benchmark and parameter set:
 * the median (min, max) of the measured iterations in ns per segment or operation, against the targets
 * (150 ns per TCP segment, 100 ns per UDP datagram; Demikernel published 200 and 125) where one applies. It needs
 * {@code bench/target/benchmarks.jar} ({@code ./mvnw -B -q -pl bench -am package -DskipTests}).
 */
public final class JmhScenario implements Scenario {
    static final double TCP_TARGET_NS = 150;
    static final double UDP_TARGET_NS = 100;

    @Override
    public String name() {
        return "p2";
    }

    /** Not in the quick run's default set: JMH's forks alone take longer than its budget allows. */
    @Override
    public boolean inDefaultSet(BenchOptions options) {
        return !options.quick();
    }

    /** The JMH arguments of the run: everything in the default run, a three-benchmark subset in the quick one. */
    static List<String> arguments(boolean quick) {
        if (quick) {
            return List.of("org.margay.bench.stack.TcpReceiveBench", "org.margay.bench.stack.StackUdpReceiveBench",
                    "org.margay.bench.pdpix.PushPopWaitBench.pushPopWait", "-p", "payload=64", "-p", "checksums=offload",
                    "-f", "1", "-wi", "1", "-w", "300ms", "-i", "5", "-r", "300ms", "-foe", "false");
        }
        return List.of("org.margay.bench.stack.", "org.margay.bench.pdpix.", "-f", "1", "-wi", "1", "-w", "700ms",
                "-i", "5", "-r", "500ms", "-foe", "false");
    }

    @Override
    public ScenarioResult run(RunContext ctx) throws Exception {
        ScenarioResult result = new ScenarioResult("p2", "P2 per-segment cost (JMH, stack only)");
        Path jar = JmhRun.benchmarksJar();
        if (jar == null) {
            result.note("skipped: bench/target/benchmarks.jar not built (./mvnw -B -q -pl bench -am package -DskipTests)");
            return result;
        }
        List<JmhRun.Result> results;
        try {
            results = JmhRun.run(ctx.launcher(), jar, arguments(ctx.options().quick()), 30 * 60_000L);
        } catch (Pair.Failed e) {
            result.note("JMH failed: " + e.getMessage());
            return result;
        }
        result.note("JMH from " + jar + ": " + String.join(" ", arguments(ctx.options().quick()))
                + "; rounds = the measured iterations");
        for (JmhRun.Result r : results) {
            if (r.iterations().length == 0) {
                continue;
            }
            String b = r.benchmark();
            boolean stack = b.contains(".bench.stack.");
            double target = b.contains("Udp") ? UDP_TARGET_NS
                    : b.contains("Tcp") && stack ? TCP_TARGET_NS : Double.NaN;
            Comparison c = result.add(new Comparison("p2 " + r.label(), stack && !b.contains("Checksum")
                    ? "ns_per_segment" : "ns_per_op", "ns", Better.LOWER, r.iterations().length));
            String alternative = Double.isNaN(target) ? "none" : Names.TARGET;
            c.expect(alternative, Double.isNaN(target) ? Double.NaN : 1.0);
            for (int i = 0; i < r.iterations().length; i++) {
                c.margay(i, r.iterations()[i]).alternative(alternative, i, target);
            }
        }
        return result;
    }
}
