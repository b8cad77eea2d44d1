package org.margay.perf;

import java.io.PrintStream;

/**
 * What a scenario gets to run with: the options, the launcher for its child processes, the placement probe, and
 * a stream for progress lines (standard error, so that standard output carries only the table).
 *
 * @param options  the run's options
 * @param launcher starts child processes
 * @param probe    the cache-line probe
 * @param progress where progress goes
 */
public record RunContext(BenchOptions options, Launcher launcher, PlacementProbe probe, PrintStream progress) {
    /** Prints one progress line. */
    public void say(String line) {
        progress.println("bench: " + line);
        progress.flush();
    }
}
