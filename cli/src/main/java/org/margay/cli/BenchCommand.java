package org.margay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.margay.perf.BenchOptions;
import org.margay.perf.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code margay bench}: issue #6's benchmarks, Margay beside the Linux kernel path, Netty and the shared-memory
 * and DPDK floors in the same run, interleaved (A B A B ...), with a cache-line probe per round. The table goes to
 * standard output, progress to standard error; {@code --json} and {@code --plot} write the files. The runners live
 * in the {@code perf} module.
 *
 * <p>Contract: the JSON is an array of objects with exactly the keys {@code scenario}, {@code metric}, {@code unit},
 * {@code margay}, {@code alternative}, {@code alternativeName}, {@code ratio} (higher ratio = better for Margay).
 * Exit code 0, or 1 when {@code --check-allocation} found a regression, or 2 for bad arguments.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark Margay against Linux TCP, Netty and the shared-memory/DPDK floors in one interleaved run"
                + " (P1 echo RTT, P4 bulk, P5 scale, P2 JMH per-segment cost; P3 allocation with --check-allocation).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "The short run (about 2 minutes): shorter windows, fewer variants and connections.")
    boolean quick;

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "Run only these scenarios (p1 echo RTT, p2 JMH, p3 allocation, p4 bulk, p5 scale); repeatable.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--rounds", paramLabel = "N",
            description = "Measured repetitions of each variant, interleaved (default: ${DEFAULT-VALUE}).")
    int rounds = BenchOptions.DEFAULT_ROUNDS;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the rows as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Draw latency CDFs and throughput bars as SVG.")
    Path plot;

    @Option(names = "--jfr", paramLabel = "DIR", description = "Record a JFR file per Margay child process into DIR.")
    Path jfr;

    @Option(names = "--check-allocation",
            description = "Run the allocation check (P3: JMH gc profiler <= 0.1 B/op, 0 GCs in a 60 s echo); exit 1 on failure.")
    boolean checkAllocation;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            System.err.println("margay bench: --rounds must be at least 1, was " + rounds);
            return 2;
        }
        Path runDirectory = Path.of(System.getProperty("java.io.tmpdir"), "margay-bench",
                "run-" + ProcessHandle.current().pid());
        BenchOptions options = new BenchOptions(quick, scenarios, rounds, json, plot, jfr, checkAllocation, runDirectory);
        return new BenchRunner().run(options, System.out, System.err);
    }
}
