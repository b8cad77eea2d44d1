package org.margay.perf;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code margay bench} was asked to do.
 *
 * @param quick           the short run (≤ 2 minutes here): shorter windows, fewer connections, a JMH subset
 * @param scenarios       scenario names or prefixes to run ({@code p1}, {@code p1-echo-shm}, ...); empty = the default set
 * @param rounds          measured repetitions of every variant, interleaved (at least 5 unless a test asks for less)
 * @param json            where to write the JSON rows, or null
 * @param plot            where to write the SVG, or null
 * @param jfr             a directory to record a JFR file per Margay child into, or null
 * @param checkAllocation run the allocation check (P3) and fail the exit code if it regresses
 * @param runDirectory    where children keep their logs and files
 */
public record BenchOptions(boolean quick, List<String> scenarios, int rounds, Path json, Path plot, Path jfr,
                           boolean checkAllocation, Path runDirectory) {
    /** The default number of measured repetitions. */
    public static final int DEFAULT_ROUNDS = 5;

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
    }

    /**
     * Least warm-up per child run, in milliseconds; Java children then wait for the JIT to go quiet, up to
     * {@link #warmupExtraMillis()} more.
     */
    public long warmupMillis() {
        return quick ? 500 : 1000;
    }

    /** The most a Java child's warm-up may exceed {@link #warmupMillis()} while the JIT is still compiling. */
    public long warmupExtraMillis() {
        return quick ? 1200 : 3000;
    }

    /** The child arguments of the warm-up and measured window. */
    public List<String> windowArguments() {
        return List.of("warmup=" + warmupMillis(), "warmup-extra=" + warmupExtraMillis(), "measure=" + measureMillis());
    }

    /** Measured window per child run, in milliseconds. */
    public long measureMillis() {
        return quick ? 500 : 2000;
    }

    /** Whether the scenario {@code name} is selected (its name, case-insensitive), or by default when none is named. */
    public boolean selects(String name, boolean inDefaultSet) {
        if (scenarios.isEmpty()) {
            return inDefaultSet;
        }
        for (String s : scenarios) {
            if (name.equalsIgnoreCase(s.trim())) {
                return true;
            }
        }
        return false;
    }
}
