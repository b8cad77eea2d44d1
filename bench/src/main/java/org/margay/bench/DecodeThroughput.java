package org.margay.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The issue #2 runner: in one invocation, writes the {@link SmallTcpCapture}, runs the parse-only JMH benchmarks
 * of {@link DecodeBench} on it, times tshark on the same file, times a cold one-shot Margay decode in a fresh JVM,
 * and prints one table of medians and ranges with packets per second and the ratio to tshark.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar [--iterations N] [--runs N] [--gc] [--keep FILE] [--no-external]
 * </pre>
 * <ul>
 *   <li>{@code --iterations N}: measured JMH iterations of 2 s (default 5; 3 warm-up iterations of 1 s).</li>
 *   <li>{@code --runs N}: timed runs of each outside command (default 5).</li>
 *   <li>{@code --gc}: add JMH's gc profiler and print {@code gc.alloc.rate.norm} (bytes per packet).</li>
 *   <li>{@code --keep FILE}: write the capture to FILE and keep it (default: a temporary file, deleted).</li>
 *   <li>{@code --no-external}: JMH only (no tshark, no one-shot JVM runs).</li>
 * </ul>
 * tshark is skipped with a message when it is not on the PATH. About 2.5 minutes on a 2-vCPU VM, most of it tshark.
 */
public final class DecodeThroughput {
    /** The issue #2 target, packets per second on one core. */
    static final double TARGET_PPS = 5_000_000;

    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("readerDissector", "margay decode (parse only): CaptureReader + Dissector");
        SCENARIOS.put("memoryDissector", "Dissector over the in-memory capture");
        SCENARIOS.put("memoryViews", "views only (Ethernet/IPv4/TCP+options), in memory");
    }

    private DecodeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 5;
        int runs = 5;
        boolean gc = false;
        boolean external = true;
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--gc" -> gc = true;
                case "--keep" -> keep = Path.of(args[++i]);
                case "--no-external" -> external = false;
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "; usage: [--iterations N] [--runs N] [--gc] [--keep FILE] [--no-external]");
                    System.exit(2);
                }
            }
        }
        PrintStream out = System.out;
        Path capture = keep != null ? keep : Files.createTempFile("margay-decode-bench-", ".pcap");
        Path tiny = Files.createTempFile("margay-decode-bench-1pkt-", ".pcap");
        try {
            long started = System.nanoTime();
            long bytes = SmallTcpCapture.write(capture, SmallTcpCapture.PACKETS, SmallTcpCapture.SEED);
            SmallTcpCapture.write(tiny, 1, SmallTcpCapture.SEED);
            out.printf(Locale.ROOT, "capture: %s, %,d packets, %,d bytes (written in %.1f s)%n", capture,
                    SmallTcpCapture.PACKETS, bytes, (System.nanoTime() - started) / 1e9);

            List<Samples> rows = new ArrayList<>();
            Map<String, Double> allocation = new LinkedHashMap<>();
            runJmh(capture, iterations, gc, rows, allocation);
            Samples tshark = null;
            if (external) {
                tshark = runExternal(capture, tiny, runs, rows, out);
            }
            printTable(out, rows, tshark, allocation);
            out.printf(Locale.ROOT, "whole run: %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } finally {
            Files.deleteIfExists(tiny);
            if (keep == null) {
                Files.deleteIfExists(capture);
            }
        }
    }

    @SuppressWarnings("rawtypes") // JMH's RunResult.getSecondaryResults() is a Map<String, Result> with a raw Result
    private static void runJmh(Path capture, int iterations, boolean gc, List<Samples> rows,
                               Map<String, Double> allocation) throws RunnerException {
        String include = DecodeBench.class.getName().replace(".", "\\.") + "\\.("
                + String.join("|", SCENARIOS.keySet()) + ")$";
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xms512m", "-Xmx512m", "-D" + BenchCapture.CAPTURE_PROPERTY + "=" + capture)
                .verbosity(VerboseMode.NORMAL);
        if (gc) {
            options.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        for (String method : SCENARIOS.keySet()) {
            for (RunResult run : results) {
                if (!run.getParams().getBenchmark().endsWith("." + method)) {
                    continue;
                }
                List<Double> scores = new ArrayList<>();
                for (BenchmarkResult fork : run.getBenchmarkResults()) {
                    for (IterationResult iteration : fork.getIterationResults()) {
                        scores.add(iteration.getPrimaryResult().getScore());
                    }
                }
                rows.add(Samples.fromThroughputs(SCENARIOS.get(method) + " [JMH]", SmallTcpCapture.PACKETS, scores));
                for (var secondary : run.getSecondaryResults().entrySet()) {
                    if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                        allocation.put(SCENARIOS.get(method), secondary.getValue().getScore());
                    }
                }
            }
        }
    }

    /** Times tshark (two field sets and its start-up) and a one-shot JVM decode, interleaved; returns the tshark baseline. */
    private static Samples runExternal(Path capture, Path tiny, int runs, List<Samples> rows, PrintStream out)
            throws IOException, InterruptedException {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        Map<String, Long> packets = new LinkedHashMap<>();
        String baseline = "tshark -T fields -e frame.number -e tcp.seq_raw";
        Optional<Path> tshark = ProcessTimer.onPath("tshark");
        if (tshark.isPresent()) {
            String t = tshark.get().toString();
            commands.put(baseline, List.of(t, "-r", capture.toString(), "-T", "fields",
                    "-e", "frame.number", "-e", "tcp.seq_raw"));
            commands.put("tshark -T fields -e frame.number", List.of(t, "-r", capture.toString(), "-T", "fields",
                    "-e", "frame.number"));
            commands.put("tshark start-up only (1-packet file)", List.of(t, "-r", tiny.toString(), "-T", "fields",
                    "-e", "frame.number", "-e", "tcp.seq_raw"));
            packets.put(baseline, (long) SmallTcpCapture.PACKETS);
            packets.put("tshark -T fields -e frame.number", (long) SmallTcpCapture.PACKETS);
            packets.put("tshark start-up only (1-packet file)", 1L);
        } else {
            out.println("tshark: not found on the PATH, skipping the tshark comparison");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String oneShot = "margay one-shot JVM (start-up + JIT warm-up included)";
        commands.put(oneShot, List.of(java, "-Xms512m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                DecodeOnce.class.getName(), capture.toString()));
        packets.put(oneShot, (long) SmallTcpCapture.PACKETS);

        Map<String, double[]> times = new LinkedHashMap<>();
        commands.keySet().forEach(name -> times.put(name, new double[runs]));
        for (int run = 0; run < runs; run++) {
            // Interleaved so that a slow phase of the VM hits every scenario alike (FIELD-NOTES).
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                times.get(command.getKey())[run] = ProcessTimer.time(command.getValue());
            }
            out.printf(Locale.ROOT, "outside commands: run %d of %d done%n", run + 1, runs);
        }
        Samples tsharkBaseline = null;
        for (Map.Entry<String, double[]> entry : times.entrySet()) {
            Samples samples = new Samples(entry.getKey(), packets.get(entry.getKey()), entry.getValue());
            rows.add(samples);
            if (entry.getKey().equals(baseline)) {
                tsharkBaseline = samples;
            }
        }
        return tsharkBaseline;
    }

    private static void printTable(PrintStream out, List<Samples> rows, Samples tshark,
                                   Map<String, Double> allocation) {
        out.println();
        out.printf(Locale.ROOT, "Decode throughput, %,d small TCP segments (issue #2; target >= %.0f M packets/s)%n",
                SmallTcpCapture.PACKETS, TARGET_PPS / 1e6);
        out.println("times are seconds per pass over the capture; JMH rows: one sample per 2 s iteration;"
                + " outside rows: wall clock per process run");
        String format = "%-62s %4s %9s %9s %9s %9s %12s %21s %8s%n";
        out.printf(Locale.ROOT, format, "scenario", "runs", "median s", "min s", "max s", "p90 s",
                "Mpkt/s med", "Mpkt/s range", "x tshark");
        for (Samples s : rows) {
            String ratio = tshark == null || s.packets() != tshark.packets() ? "-"
                    : String.format(Locale.ROOT, "%.1f", s.medianRate() / tshark.medianRate());
            out.printf(Locale.ROOT, format, s.scenario(), s.runs(), seconds(s.median()), seconds(s.min()),
                    seconds(s.max()), s.hasP90() ? seconds(s.p90()) : "-",
                    s.packets() == 1 ? "-" : String.format(Locale.ROOT, "%.3f", s.medianRate() / 1e6),
                    s.packets() == 1 ? "-"
                            : String.format(Locale.ROOT, "%.3f-%.3f", s.worstRate() / 1e6, s.bestRate() / 1e6),
                    ratio);
        }
        for (Map.Entry<String, Double> entry : allocation.entrySet()) {
            out.printf(Locale.ROOT, "gc.alloc.rate.norm %-55s %.4f B/packet%n", entry.getKey(), entry.getValue());
        }
        if (!rows.isEmpty()) {
            Samples headline = rows.get(0);
            out.printf(Locale.ROOT, "issue #2: %s median %.2f M packets/s (range %.2f-%.2f): target %s%n",
                    headline.scenario(), headline.medianRate() / 1e6, headline.worstRate() / 1e6,
                    headline.bestRate() / 1e6, headline.medianRate() >= TARGET_PPS ? "MET" : "NOT MET");
        }
        out.println("p90 needs >= " + Samples.MIN_FOR_P90 + " runs; with fewer, min and max give the spread.");
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
