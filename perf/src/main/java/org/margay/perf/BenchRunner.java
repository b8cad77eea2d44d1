package org.margay.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected scenarios and reports them: the table on {@code out}, progress on {@code progress}, and the
 * JSON and SVG files when asked. The exit code is 0, or 1 when the allocation check ran and failed, or 2 when no
 * scenario matched.
 */
public final class BenchRunner {
    private final List<Scenario> scenarios;

    /** A runner over the scenarios: P1, P4, P5, P2 and P3 (P3 only when asked). */
    public BenchRunner() {
        this(List.of(new EchoScenario(), new BulkScenario(), new ScaleScenario(), new JmhScenario(), new AllocationScenario()));
    }

    /** A runner over {@code scenarios} (tests). */
    public BenchRunner(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    /** Runs and reports; returns the exit code. */
    public int run(BenchOptions options, PrintStream out, PrintStream progress) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Launcher launcher = new Launcher(options.runDirectory());
        RunContext ctx = new RunContext(options, launcher, new PlacementProbe(launcher, options.quick()), progress);
        List<ScenarioResult> results = new ArrayList<>();
        boolean allocationFailed = false;
        for (Scenario s : scenarios) {
            boolean wanted = options.selects(s.name(), s.inDefaultSet(options))
                    || options.checkAllocation() && s instanceof AllocationScenario;
            if (!wanted) {
                continue;
            }
            ctx.say("scenario " + s.name() + (options.quick() ? " (quick)" : ""));
            try {
                ScenarioResult r = s.run(ctx);
                results.add(r);
                if (s instanceof AllocationScenario && r.notes().stream().anyMatch(n -> n.startsWith("FAIL"))) {
                    allocationFailed = true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ScenarioResult failed = new ScenarioResult(s.name(), s.name());
                failed.note("the scenario failed: " + e);
                results.add(failed);
                if (s instanceof AllocationScenario) {
                    allocationFailed = true;
                }
            }
        }
        if (results.isEmpty()) {
            progress.println("bench: no scenario matches " + options.scenarios() + " (known: p1, p2, p3, p4, p5)");
            return 2;
        }
        out.print(TextTable.render(results));
        out.printf("bench: %d scenario(s) in %.0f s; %d rounds, interleaved; load average %s at the start, %s at the end"
                + " (%d CPUs); children's logs under %s%n", results.size(), (System.nanoTime() - started) / 1e9,
                options.rounds(), loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors(),
                launcher.runDirectory());
        List<Row> rows = new ArrayList<>();
        for (ScenarioResult r : results) {
            rows.addAll(r.rows());
        }
        if (options.json() != null) {
            write(options.json(), JsonReport.render(rows));
            out.println("bench: JSON written to " + options.json());
        }
        if (options.plot() != null) {
            write(options.plot(), SvgPlot.render(results));
            out.println("bench: plot written to " + options.plot());
        }
        if (options.checkAllocation()) {
            out.println("bench: allocation check " + (allocationFailed ? "FAILED" : "passed"));
        }
        return options.checkAllocation() && allocationFailed ? 1 : 0;
    }

    /** The 1-minute load average ({@code /proc/loadavg}), or "?" where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
