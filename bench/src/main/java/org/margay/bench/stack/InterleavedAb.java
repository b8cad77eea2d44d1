package org.margay.bench.stack;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * For comparing two builds on a machine too busy for absolute figures: loads one JMH benchmark class twice in one
 * JVM, from a "before" and an "after" copy of {@code bench/target} (each a directory with {@code benchmarks.jar} and
 * {@code lib/}, through separate class loaders, so each is compiled on its own), and alternates 100 ms slices of the
 * two, timing the thread's CPU time. Whatever else runs on the machine then disturbs both sides alike, and the ratio
 * of their medians is a fair comparison even when JMH's wall-clock figures swing by a factor of two between runs.
 *
 * <p>Not a JMH run: it calls the class's {@code @Setup(Level.Trial)} method once, then per invocation the
 * {@code @Setup(Level.Invocation)} method (its CPU time subtracted, reading the CPU clock twice, which adds a
 * constant of some ns per operation to both sides) and the {@code @Benchmark} method, divided by
 * {@code @OperationsPerInvocation}. Read the ratio, not the absolute figures.
 *
 * <pre>
 * java -cp 'bench/target/benchmarks.jar:bench/target/lib/*' org.margay.bench.stack.InterleavedAb \
 *     BEFORE_DIR AFTER_DIR org.margay.bench.stack.TcpTransmitBench 25 payload=1448 [@method=NAME]
 * </pre>
 */
public final class InterleavedAb {
    private static final long WARM_UP_SLICE_NANOS = 250_000_000L;
    private static final long SLICE_NANOS = 100_000_000L;
    private static final int WARM_UP_SLICES = 6;

    private InterleavedAb() {
    }

    /** One build's instance of the benchmark. */
    private static final class Side {
        final String name;
        Object instance;
        Method trialSetUp;
        Method invocationSetUp;
        Method benchmark;
        Method tearDown;
        int operations = 1;
        double[] nanosPerOperation;

        Side(String name) {
            this.name = name;
        }
    }

    /** Arguments: before directory, after directory, class, slices, then {@code field=value} and {@code @method=name}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: InterleavedAb BEFORE_DIR AFTER_DIR BENCHMARK_CLASS SLICES [param=value ...] [@method=NAME]");
            System.exit(2);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            params.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int slices = Integer.parseInt(args[3]);
        Side[] sides = {load("before", args[0], args[2], params), load("after", args[1], args[2], params)};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Side s : sides) {
            s.trialSetUp.invoke(s.instance);
            s.nanosPerOperation = new double[slices];
        }
        for (int w = 0; w < WARM_UP_SLICES; w++) {
            for (Side s : sides) {
                slice(s, cpu, WARM_UP_SLICE_NANOS);
            }
        }
        for (int k = 0; k < slices; k++) {
            for (Side s : sides) {
                s.nanosPerOperation[k] = slice(s, cpu, SLICE_NANOS);
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-24s %-34s",
                args[2].substring(args[2].lastIndexOf('.') + 1), params.values()));
        double[] medians = new double[2];
        for (int j = 0; j < 2; j++) {
            double[] sorted = sides[j].nanosPerOperation.clone();
            Arrays.sort(sorted);
            medians[j] = sorted[sorted.length / 2];
            line.append(String.format(Locale.ROOT, " %s %.1f (min %.1f)", sides[j].name, medians[j], sorted[0]));
        }
        line.append(String.format(Locale.ROOT, "  after/before %.2f", medians[1] / medians[0]));
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the tear-downs' own reports
        try {
            for (Side s : sides) {
                if (s.tearDown != null) {
                    try {
                        s.tearDown.invoke(s.instance);
                    } catch (InvocationTargetException e) {
                        out.println(s.name + ": tear-down failed: " + e.getCause());
                    }
                }
            }
        } finally {
            System.setOut(out);
        }
        out.println(line);
    }

    /** Runs invocations for about {@code budget} ns of CPU; returns ns of CPU per operation. */
    private static double slice(Side s, ThreadMXBean cpu, long budget) throws Exception {
        long setUp = 0;
        long operations = 0;
        long start = cpu.getCurrentThreadCpuTime();
        long now = start;
        while (now - start < budget) {
            for (int i = 0; i < 64; i++) {
                if (s.invocationSetUp != null) {
                    long t = cpu.getCurrentThreadCpuTime();
                    s.invocationSetUp.invoke(s.instance);
                    setUp += cpu.getCurrentThreadCpuTime() - t;
                }
                s.benchmark.invoke(s.instance);
            }
            operations += 64L * s.operations;
            now = cpu.getCurrentThreadCpuTime();
        }
        return (double) (now - start - setUp) / operations;
    }

    private static Side load(String name, String directory, String className, Map<String, String> params)
            throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(new File(directory, "benchmarks.jar").toURI().toURL());
        File[] jars = new File(directory, "lib").listFiles();
        if (jars == null) {
            throw new IllegalArgumentException(directory + " has no lib/ directory (copy bench/target after a build)");
        }
        for (File jar : jars) {
            urls.add(jar.toURI().toURL());
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Class<?> type = Class.forName(className, true, loader);
        Side s = new Side(name);
        s.instance = type.getConstructor().newInstance();
        String only = params.get("@method");
        int benchmarks = 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getKey().startsWith("@")) {
                continue;
            }
            Field f = type.getField(e.getKey());
            if (f.getType() == int.class) {
                f.setInt(s.instance, Integer.parseInt(e.getValue()));
            } else {
                f.set(s.instance, e.getValue());
            }
        }
        for (Method m : type.getMethods()) {
            boolean chosen = only == null || only.equals(m.getName());
            for (Annotation a : m.getAnnotations()) {
                switch (a.annotationType().getSimpleName()) {
                    case "Setup" -> {
                        if (a.toString().contains("Invocation")) {
                            s.invocationSetUp = m;
                        } else {
                            s.trialSetUp = m;
                        }
                    }
                    case "Benchmark" -> {
                        if (chosen) {
                            s.benchmark = m;
                            benchmarks++;
                        }
                    }
                    case "TearDown" -> s.tearDown = m;
                    case "OperationsPerInvocation" -> {
                        if (chosen) {
                            s.operations = (int) a.annotationType().getMethod("value").invoke(a);
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        if (s.trialSetUp == null || benchmarks != 1) {
            throw new IllegalArgumentException(className + ": needs a trial set-up and exactly one benchmark method ("
                    + benchmarks + " found; choose one with @method=NAME)");
        }
        return s;
    }
}
