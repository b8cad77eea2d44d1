package org.margay.perf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs variants interleaved: round after round every variant once, in the listed order in even rounds and in the
 * reverse order in odd ones (so that no variant always runs right after the same neighbour), with one placement
 * probe before each round. A variant's failure in one round is a note and a missing value, not the end of the run.
 */
public final class Rounds {
    private Rounds() {
    }

    /** What came out: per variant, per round, the client's results (null where it failed or was skipped). */
    public record Outcome(Map<String, List<Map<String, String>>> results, double[] probeNanos) {
        /** The results of {@code variant} in {@code round}, or null. */
        public Map<String, String> get(String variant, int round) {
            List<Map<String, String>> l = results.get(variant);
            return l == null ? null : l.get(round);
        }
    }

    /** Runs {@code variants} for {@code context.options().rounds()} rounds; notes go to {@code result}. */
    public static Outcome run(RunContext context, ScenarioResult result, List<Variant> variants) throws InterruptedException {
        int rounds = context.options().rounds();
        Map<String, List<Map<String, String>>> results = new LinkedHashMap<>();
        List<Variant> runnable = new ArrayList<>();
        for (Variant v : variants) {
            List<Map<String, String>> perRound = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                perRound.add(null);
            }
            results.put(v.name(), perRound);
            if (v.skipReason() != null) {
                result.note(v.name() + " skipped: " + v.skipReason());
            } else {
                runnable.add(v);
            }
        }
        double[] probe = new double[rounds];
        try {
            runRounds(context, result, runnable, results, probe);
        } finally {
            for (Variant v : runnable) {
                v.cleanup().run();
            }
        }
        result.probe(probe);
        return new Outcome(results, probe);
    }

    private static void runRounds(RunContext context, ScenarioResult result, List<Variant> runnable,
                                  Map<String, List<Map<String, String>>> results, double[] probe)
            throws InterruptedException {
        int rounds = probe.length;
        for (int round = 0; round < rounds; round++) {
            probe[round] = context.probe().measure();
            List<Variant> order = new ArrayList<>(runnable);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Variant v : order) {
                long t0 = System.nanoTime();
                try {
                    Map<String, String> r = v.run().run(round);
                    results.get(v.name()).set(round, r);
                    context.say(String.format("%s round %d/%d: %s (%.1f s%s)", result.name(), round + 1, rounds, v.name(),
                            (System.nanoTime() - t0) / 1e9, r.containsKey("warmup_ms") ? ", warm-up " + r.get("warmup_ms") + " ms" : ""));
                } catch (Pair.Failed e) {
                    result.note(v.name() + " failed in round " + (round + 1) + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    result.note(v.name() + " failed in round " + (round + 1) + ": " + e);
                }
            }
        }
    }
}
