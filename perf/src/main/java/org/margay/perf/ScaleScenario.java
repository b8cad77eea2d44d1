package org.margay.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P5, scale in simulation: how many established connections one stack holds and what each costs in heap (the
 * send and receive rings left out), and how fast connections are set up on a virtual network (real CPU time),
 * repeated in fresh JVMs. No alternative runs: the targets (100k connections at ≤ 4 KiB each, ≥ 200k
 * setups/s) stand in as {@code target}, so a ratio of at least 1 means the target was met.
 */
public final class ScaleScenario implements Scenario {
    static final double CONNECTIONS_TARGET = 100_000;
    static final double BYTES_TARGET = 4096;
    static final double SETUP_TARGET = 200_000;

    @Override
    public String name() {
        return "p5";
    }

    @Override
    public ScenarioResult run(RunContext ctx) throws Exception {
        ScenarioResult result = new ScenarioResult("p5", "P5 connection scale (simulation)");
        int n = ctx.options().quick() ? 10_000 : 100_000;
        Launcher l = ctx.launcher();
        List<Variant> variants = List.of(Variant.of("margay-scale", round -> {
            List<String> cmd = l.javaCommand(l.clientCpu(), List.of("-Xms2g", "-Xmx6g"), "scale",
                    List.of("connections=" + n, "batch=256", "buffer=1024"));
            try (ChildProcess p = l.start("scale", cmd)) {
                int code = p.awaitExit(10 * 60_000L);
                if (code != 0) {
                    throw new Pair.Failed((code < 0 ? "timed out" : "exited " + code) + ": " + p.failureReason());
                }
                return p.results();
            }
        }));
        Rounds.Outcome outcome = Rounds.run(ctx, result, variants);
        int rounds = ctx.options().rounds();
        Comparison held = result.add(new Comparison("p5-scale", "connections", "conns", Better.HIGHER, rounds))
                .expect(Names.TARGET, 1);
        Comparison bytes = result.add(new Comparison("p5-scale", "heap_bytes_per_conn", "B", Better.LOWER, rounds))
                .expect(Names.TARGET, 1);
        Comparison setup = result.add(new Comparison("p5-scale", "setup_per_s", "conn/s", Better.HIGHER, rounds))
                .expect(Names.TARGET, 1);
        List<String> withRings = new ArrayList<>();
        List<String> threadOnly = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Map<String, String> res = outcome.get("margay-scale", r);
            double connections = number(res, "established");
            held.margay(r, connections).alternative(Names.TARGET, r, CONNECTIONS_TARGET);
            bytes.margay(r, number(res, "heap_per_conn_ex_rings")).alternative(Names.TARGET, r, BYTES_TARGET);
            setup.margay(r, number(res, "setup_per_s")).alternative(Names.TARGET, r, SETUP_TARGET);
            if (res != null) {
                withRings.add(res.get("heap_per_conn") + " B (rings " + res.get("rings_per_conn") + ")");
                threadOnly.add(res.get("setup_per_s_thread") + " (wall " + res.get("setup_per_s_wall") + ")");
            }
        }
        result.note(n + " connections per run (both ends in one JVM; per-connection bytes = heap delta / 2n, rings of"
                + " storage held left out; TCP allocates rings on first use); with the rings: " + String.join(", ", withRings));
        result.note("setup_per_s counts the whole process's CPU time (GC included); the driving thread alone: "
                + String.join(", ", threadOnly) + " conn/s");
        if (n < CONNECTIONS_TARGET) {
            result.note("quick run: " + n + " connections, not the 100k target; the connections row compares with 100k anyway");
        }
        return result;
    }

    private static double number(Map<String, String> res, String key) {
        return res == null || res.get(key) == null ? Double.NaN : Double.parseDouble(res.get(key));
    }
}
