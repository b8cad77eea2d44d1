package org.margay.storage.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.margay.examples.AppRunner;
import org.margay.examples.AppTrace;
import org.margay.examples.QueueApp;
import org.margay.examples.kv.KvServer;
import org.margay.examples.kv.KvStore;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.storage.OpenMode;
import org.margay.storage.StorageLibOS;

/**
 * A plain benchmark of the persistence example: the RESP key-value server on kernel sockets, without a log, with
 * every SET logged to an io_uring log (O_DIRECT), and with every SET logged durably (O_DIRECT + RWF_DSYNC), each
 * loaded by {@code redis-benchmark -t set --csv} (Debian's redis-tools). Variants are interleaved run by run and the
 * medians reported, since this machine's figures drift. The server's thread spins when idle ({@code kernel.idle=spin})
 * by default, so neither variant pays a sleep-and-wake-up per request (a logging server polls its ring anyway). Not a
 * unit test (no assertion on time): run it by hand.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp CLASSPATH org.margay.storage.example.KvLogBenchmark \
 *        [--runs 5] [--requests 20000] [--clients 8] [--pipeline 1] [--dir target/bench] [--net-idle spin|block]
 * </pre>
 */
public final class KvLogBenchmark {
    private KvLogBenchmark() {
    }

    /** One measured run. */
    record Result(double rps, double p50ms, double p99ms) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("--runs", "5", "--requests", "20000", "--clients", "8", "--pipeline", "1",
                "--dir", "target/bench", "--net-idle", "spin"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        int runs = Integer.parseInt(o.get("--runs"));
        Path dir = Files.createDirectories(Path.of(o.get("--dir")));
        String[] variants = {"plain", "log", "log+dsync"};
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (String v : variants) {
            results.put(v, new ArrayList<>());
        }
        for (int run = 0; run < runs; run++) {
            for (int k = 0; k < variants.length; k++) {
                String v = variants[(k + run) % variants.length];
                Result r = measure(v, dir, o);
                results.get(v).add(r);
                System.out.printf(Locale.ROOT, "run %d %-10s %10.0f SET/s  p50 %.3f ms  p99 %.3f ms%n", run + 1, v, r.rps(), r.p50ms(), r.p99ms());
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians over %d interleaved runs (redis-benchmark -t set -n %s -c %s -P %s, kernel.idle=%s):%n",
                runs, o.get("--requests"), o.get("--clients"), o.get("--pipeline"), o.get("--net-idle"));
        for (String v : variants) {
            List<Result> rs = results.get(v);
            System.out.printf(Locale.ROOT, "  %-10s %10.0f SET/s  p50 %.3f ms  p99 %.3f ms%n", v, median(rs.stream().mapToDouble(Result::rps).toArray()),
                    median(rs.stream().mapToDouble(Result::p50ms).toArray()), median(rs.stream().mapToDouble(Result::p99ms).toArray()));
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Result measure(String variant, Path dir, Map<String, String> o) throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        AtomicInteger port = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Path logFile = dir.resolve("kv-" + variant.replace('+', '-') + ".log");
        Thread server = new Thread(() -> {
            try (LibOS net = LibOSes.open(LibOSConfig.of("kernel", "kernel.idle", o.get("--net-idle")))) {
                StorageLibOS storage = null;
                try {
                    AppRunner runner = new AppRunner(AppTrace.NONE, 20_000);
                    QueueApp app;
                    if (variant.equals("plain")) {
                        KvServer s = runner.start(new KvServer(net, InetEndpoint.parse("127.0.0.1:0")));
                        port.set(s.endpoint().port());
                        app = s;
                    } else {
                        storage = StorageLibOS.open(LibOSConfig.of("storage", "storage.backend", "io_uring", "storage.capacity", "1g",
                                "storage.durable", Boolean.toString(variant.endsWith("dsync"))));
                        int log = storage.open(logFile.toString(), OpenMode.CREATE);
                        LoggingKvServer s = runner.start(new LoggingKvServer(net, InetEndpoint.parse("127.0.0.1:0"), storage, log, new KvStore()));
                        port.set(s.endpoint().port());
                        app = s;
                    }
                    ready.countDown();
                    runner.runUntil(stop::get, TimeUnit.MINUTES.toNanos(30));
                    if (app instanceof LoggingKvServer l && l.failures() > 0) {
                        throw new IllegalStateException(l.failures() + " failures in the logging server");
                    }
                } finally {
                    if (storage != null) {
                        storage.close();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
                ready.countDown();
            }
        }, "kv-server-" + variant);
        server.start();
        ready.await();
        if (failure.get() != null) {
            throw new IllegalStateException("server " + variant + " failed", failure.get());
        }
        try {
            return redisBenchmark(port.get(), o);
        } finally {
            stop.set(true);
            server.join();
            Files.deleteIfExists(logFile);
        }
    }

    /** Runs redis-benchmark against {@code port}; parses its CSV line for SET. */
    private static Result redisBenchmark(int port, Map<String, String> o) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t", "set", "-n",
                o.get("--requests"), "-c", o.get("--clients"), "-P", o.get("--pipeline"), "--csv").redirectErrorStream(true).start();
        Result result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("\"SET\"")) {
                    String[] f = line.replace("\"", "").split(",");
                    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
                    result = new Result(Double.parseDouble(f[1]), Double.parseDouble(f[4]), Double.parseDouble(f[6]));
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || result == null) {
            throw new IllegalStateException("redis-benchmark gave no SET line:\n" + all);
        }
        return result;
    }
}
