package org.margay.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P3, allocation, as a check (not a unit test): every JMH fast-path benchmark of {@code org.margay.bench.stack}
 * and {@code org.margay.bench.pdpix} must allocate at most {@value #MAX_BYTES_PER_OP} B/op under JMH's gc profiler,
 * and a Margay↔Margay echo over the shared-memory device must run its measured window (60 s, 10 s in the quick
 * run) without a single GC in either JVM's... client, counted by the collectors' MXBeans and logged with
 * {@code -Xlog:gc}. A note starting with {@code FAIL} marks a regression; {@code margay bench --check-allocation}
 * then exits 1.
 */
public final class AllocationScenario implements Scenario {
    /** The most a fast-path benchmark may allocate per operation (JMH's own noise is about 0.001–0.05). */
    public static final double MAX_BYTES_PER_OP = 0.1;

    @Override
    public String name() {
        return "p3";
    }

    @Override
    public boolean inDefaultSet(BenchOptions options) {
        return false;
    }

    @Override
    public ScenarioResult run(RunContext ctx) throws Exception {
        ScenarioResult result = new ScenarioResult("p3", "P3 allocation check");
        jmh(ctx, result);
        echo(ctx, result);
        return result;
    }

    private static void jmh(RunContext ctx, ScenarioResult result) throws Exception {
        Path jar = JmhRun.benchmarksJar();
        if (jar == null) {
            result.note("FAIL: bench/target/benchmarks.jar not built, cannot check JMH allocation"
                    + " (./mvnw -B -q -pl bench -am package -DskipTests)");
            return;
        }
        List<JmhRun.Result> results;
        try {
            results = JmhRun.run(ctx.launcher(), jar, JmhScenario.arguments(ctx.options().quick()), 30 * 60_000L);
        } catch (Pair.Failed e) {
            result.note("FAIL: JMH did not run: " + e.getMessage());
            return;
        }
        double worst = 0;
        String worstName = "";
        int checked = 0;
        List<String> over = new ArrayList<>();
        for (JmhRun.Result r : results) {
            if (Double.isNaN(r.allocBytesPerOp())) {
                over.add(r.label() + " (no gc.alloc.rate.norm)");
                continue;
            }
            checked++;
            if (r.allocBytesPerOp() > worst) {
                worst = r.allocBytesPerOp();
                worstName = r.label();
            }
            if (r.allocBytesPerOp() > MAX_BYTES_PER_OP) {
                over.add(r.label() + " " + TextTable.number(r.allocBytesPerOp()) + " B/op");
            }
        }
        if (checked == 0 || !over.isEmpty()) {
            result.note("FAIL: JMH allocation above " + MAX_BYTES_PER_OP + " B/op (or unmeasured): "
                    + (over.isEmpty() ? "no benchmark ran" : String.join("; ", over)));
        } else {
            result.note("pass: " + checked + " JMH fast-path benchmarks, the most " + TextTable.number(worst) + " B/op ("
                    + worstName + ")");
        }
        Comparison c = result.add(new Comparison("p3-allocation", "alloc_bytes_per_op_max", "B/op", Better.LOWER, 1));
        c.expect(Names.TARGET, 1).margay(0, checked == 0 ? Double.NaN : worst).alternative(Names.TARGET, 0, MAX_BYTES_PER_OP);
    }

    private static void echo(RunContext ctx, ScenarioResult result) throws Exception {
        Launcher l = ctx.launcher();
        long measure = ctx.options().quick() ? 10_000 : 60_000;
        Path file = Path.of("/dev/shm", "margay-bench-alloc-" + ProcessHandle.current().pid());
        Path gcLog = l.runDirectory().resolve("p3-echo-gc-client.log");
        Files.deleteIfExists(file);
        try {
            List<String> heap = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
            List<String> serverFlags = new ArrayList<>(heap);
            serverFlags.add("-Xlog:gc:file=" + l.runDirectory().resolve("p3-echo-gc-server.log"));
            List<String> clientFlags = new ArrayList<>(heap);
            clientFlags.add("-Xlog:gc:file=" + gcLog);
            List<String> server = l.javaCommand(l.serverCpu(), serverFlags, "margay-server",
                    List.of("device=shm:" + file, "mode=echo", "timeout=" + EchoScenario.SERVER_TIMEOUT_S));
            List<String> client = l.javaCommand(l.clientCpu(), clientFlags, "margay-client",
                    List.of("device=shm:" + file, "mode=echo", "size=64", "warmup=" + ctx.options().warmupMillis(),
                            "warmup-extra=5000", "measure=" + measure));
            ctx.say("p3: Margay echo over shm for " + measure / 1000 + " s with -Xlog:gc");
            Map<String, String> res;
            try (Session session = Session.open(l, "p3-echo", server, new Pair.ReadyLine(), s -> client)) {
                res = session.measure(measure + 120_000);
            }
            long gcs = Long.parseLong(res.getOrDefault("gcs", "-1"));
            long pauses = Files.isRegularFile(gcLog)
                    ? Files.readAllLines(gcLog).stream().filter(line -> line.contains("Pause")).count() : -1;
            long requests = Latencies.decode(res.get("hist")).getTotalCount();
            String what = measure / 1000 + " s Margay echo over shm: " + requests + " round trips, " + gcs
                    + " GCs in the measured window (-Xlog:gc shows " + pauses + " pauses in the client's whole life, "
                    + gcLog + ")";
            result.note(gcs == 0 ? "pass: " + what : "FAIL: " + what);
        } catch (Pair.Failed e) {
            result.note("FAIL: the echo run failed: " + e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
