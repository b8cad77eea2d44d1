package org.margay.perf;

/**
 * One of the scenarios (P1 echo RTT, P2 per-segment cost, P4 bulk, P5 scale, P3 allocation): it runs
 * Margay and its alternatives interleaved, round after round, and returns the comparisons.
 */
public interface Scenario {
    /** The name {@code --scenario} selects by ({@code p1}, {@code p4}, ...). */
    String name();

    /** Whether it runs when no {@code --scenario} is given, in a run with {@code options}. */
    default boolean inDefaultSet(BenchOptions options) {
        return true;
    }

    /** Runs it. A variant that cannot run here is skipped with a note; only a broken runner throws. */
    ScenarioResult run(RunContext context) throws Exception;
}
