package org.margay.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the {@code bench} module's JMH benchmarks from its {@code benchmarks.jar} (a separate JVM, JMH's own forks)
 * with the gc profiler and reads JMH's JSON result back: per benchmark the score of each measured iteration and
 * the allocation per operation. Results are kept per argument list, so P2 and P3 share one JMH run in one
 * invocation.
 */
public final class JmhRun {
    /** One benchmark with its parameters. */
    public record Result(String benchmark, Map<String, String> params, String unit, double[] iterations,
                         double allocBytesPerOp) {
        /** "TcpReceiveBench.receive payload=64" (class simple name, method, parameters). */
        public String label() {
            String[] parts = benchmark.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
            StringBuilder b = new StringBuilder(name);
            params.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            return b.toString();
        }
    }

    private static final Map<List<String>, List<Result>> CACHE = new HashMap<>();

    private JmhRun() {
    }

    /** {@code bench/target/benchmarks.jar} of the checkout this runs from, or null when it is not built. */
    public static Path benchmarksJar() {
        List<Path> roots = new ArrayList<>();
        String property = System.getProperty("margay.root");
        if (property != null) {
            roots.add(Path.of(property));
        }
        String env = System.getenv("MARGAY_ROOT");
        if (env != null) {
            roots.add(Path.of(env));
        }
        try {
            Path here = Path.of(JmhRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = here; p != null; p = p.getParent()) {
                roots.add(p);
            }
        } catch (Exception e) {
            // no code source: fall back to the working directory
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path root : roots) {
            Path jar = root.resolve("bench/target/benchmarks.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        return null;
    }

    /**
     * Runs JMH with {@code args} (benchmark patterns and options; {@code -prof gc -rf json -rff} are added) and
     * returns its results; throws {@link Pair.Failed} when JMH fails or writes nothing.
     */
    public static synchronized List<Result> run(Launcher launcher, Path jar, List<String> args, long timeoutMillis)
            throws Pair.Failed, IOException, InterruptedException {
        List<Result> cached = CACHE.get(args);
        if (cached != null) {
            return cached;
        }
        Path json = launcher.runDirectory().resolve("jmh-" + Math.abs(args.hashCode()) + ".json");
        Files.deleteIfExists(json);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), "org.openjdk.jmh.Main"));
        cmd.addAll(args);
        cmd.addAll(List.of("-prof", "gc", "-rf", "json", "-rff", json.toString()));
        List<Result> results;
        try (ChildProcess p = launcher.start("jmh", cmd)) {
            int code = p.awaitExit(timeoutMillis);
            String why = "JMH " + (code < 0 ? "timed out" : "exited " + code) + " without results: " + p.failureReason()
                    + (p.otherOutput().isEmpty() ? "" : " / " + last(p.otherOutput()));
            if (!Files.isRegularFile(json) || Files.size(json) == 0) {
                throw new Pair.Failed(why);
            }
            try {
                results = parse(Files.readString(json));
            } catch (IllegalArgumentException e) {
                throw new Pair.Failed(why + " (" + e.getMessage() + ")");
            }
        }
        CACHE.put(List.copyOf(args), results);
        return results;
    }

    private static String last(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }

    /** Reads JMH's {@code -rf json} output. */
    public static List<Result> parse(String text) {
        List<Result> out = new ArrayList<>();
        if (!(Json.parse(text) instanceof List<?> list)) {
            throw new IllegalArgumentException("JMH JSON is not an array");
        }
        for (Object o : list) {
            String benchmark = String.valueOf(Json.at(o, "benchmark"));
            Map<String, String> params = new TreeMap<>();
            if (Json.at(o, "params") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            String unit = String.valueOf(Json.at(o, "primaryMetric", "scoreUnit"));
            List<Double> iterations = new ArrayList<>();
            if (Json.at(o, "primaryMetric", "rawData") instanceof List<?> forks) {
                for (Object fork : forks) {
                    if (fork instanceof List<?> its) {
                        for (Object v : its) {
                            if (v instanceof Double d) {
                                iterations.add(d);
                            }
                        }
                    }
                }
            }
            double alloc = Double.NaN;
            if (Json.at(o, "secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (Map.Entry<?, ?> e : secondary.entrySet()) {
                    if (String.valueOf(e.getKey()).endsWith("gc.alloc.rate.norm")) {
                        alloc = Json.number(e.getValue(), "score");
                    }
                }
            }
            out.add(new Result(benchmark, params, unit, iterations.stream().mapToDouble(Double::doubleValue).toArray(), alloc));
        }
        return out;
    }
}
