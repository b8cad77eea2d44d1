package org.margay.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * P1, echo RTT: 64-byte requests on one TCP connection, ping-pong, each round trip timed by the client into an
 * HdrHistogram. Margay↔Margay runs in two processes over the shared-memory device ({@code shm:}) and over DPDK
 * memif; beside them, in the same rounds: Linux loopback TCP busy-polling ({@code sockperf ping-pong
 * --nonblocked} when installed, else a Java NIO spinning ping-pong), blocking NIO, Netty epoll with
 * {@code SelectStrategy.BUSY_WAIT} and plain, and the two floors (a raw Java shared-memory ping-pong between two
 * JVMs, a C memif ping-pong between two processes). Every pair has a CPU per side.
 */
public final class EchoScenario implements Scenario {
    static final int SIZE = 64;
    /** The C floor's frame: Ethernet + 114 bytes, about the size of Margay's 64-byte element in a TCP frame. */
    static final int C_FRAME = 128;
    static final String MARGAY_SHM = "margay-shm";
    static final String MARGAY_MEMIF = "margay-memif";

    private int sequence;

    @Override
    public String name() {
        return "p1";
    }

    @Override
    public ScenarioResult run(RunContext ctx) throws Exception {
        ScenarioResult result = new ScenarioResult("p1", "P1 echo RTT, 64 B ping-pong, one TCP connection");
        BenchOptions o = ctx.options();
        Launcher l = ctx.launcher();
        if (!l.pinned()) {
            result.note("not pinned (taskset missing or one CPU): busy-polling pairs share a CPU and are meaningless");
        }
        MemifFloor.Build floor = MemifFloor.build(l.runDirectory().getParent().resolve("native-cache"));
        List<Variant> variants = new ArrayList<>();
        variants.add(margay(ctx, "shm"));
        variants.add(floor.skipReason() != null ? Variant.skipped(MARGAY_MEMIF, floor.skipReason()) : margay(ctx, "memif"));
        if (Tools.onPath("sockperf") && !o.quick()) {
            variants.add(Variant.of(Names.LINUX_BUSY_POLL, round -> sockperf(ctx)));
            result.note(Names.LINUX_BUSY_POLL + " is sockperf ping-pong --tcp --nonblocked -m 64 (C, spinning on recvfrom)");
        } else {
            variants.add(javaPair(ctx, Names.LINUX_BUSY_POLL, "nio", "spin", List.of()));
            result.note(Names.LINUX_BUSY_POLL + " is a Java NIO non-blocking spinning ping-pong ("
                    + (o.quick() ? "--quick: sockperf costs 3.5 s per round" : "sockperf not installed") + ")");
        }
        String quickSkip = "not run in --quick (only the variants the targets name)";
        variants.add(o.quick() ? Variant.skipped(Names.LINUX_BLOCKING, quickSkip)
                : javaPair(ctx, Names.LINUX_BLOCKING, "nio", "block", List.of()));
        variants.add(javaPair(ctx, Names.NETTY_BUSY_WAIT, "netty", "busy", NETTY_FLAGS));
        variants.add(o.quick() ? Variant.skipped(Names.NETTY_EPOLL, quickSkip)
                : javaPair(ctx, Names.NETTY_EPOLL, "netty", "epoll", NETTY_FLAGS));
        variants.add(shmFloor(ctx));
        variants.add(floor.skipReason() != null ? Variant.skipped(Names.C_MEMIF_FLOOR, floor.skipReason())
                : Variant.of(Names.C_MEMIF_FLOOR, round -> cFloor(ctx, floor.binary())));
        result.note("Java pairs run as sessions: started once, frozen (SIGSTOP) between their windows; the first window"
                + " waits for the JIT to go quiet, later ones re-warm for 150 ms");

        Rounds.Outcome outcome = Rounds.run(ctx, result, variants);
        int rounds = o.rounds();
        long gcs = 0;
        for (Variant v : variants) {
            for (int r = 0; r < rounds; r++) {
                Map<String, String> res = outcome.get(v.name(), r);
                if (res != null && res.get("hist") != null) {
                    result.latency(v.name(), Latencies.decode(res.get("hist")));
                }
                if (res != null && v.name().startsWith("margay") && res.get("gcs") != null) {
                    gcs += Long.parseLong(res.get("gcs"));
                }
            }
        }
        result.note("GCs inside Margay's measured windows (all rounds, both devices): " + gcs);
        for (String device : new String[] {"shm", "memif"}) {
            String margay = "margay-" + device;
            for (double[] metric : new double[][] {{50}, {99}}) {
                double p = metric[0];
                Comparison c = result.add(new Comparison("p1-echo-" + device, p == 50 ? "rtt_p50" : "rtt_p99", "us",
                        Better.LOWER, rounds));
                double kernelTarget = p == 50 ? 4 : 5;
                if (device.equals("shm")) {
                    c.expect(Names.JAVA_SHM_FLOOR, 1.0 / 3);
                } else {
                    c.expect(Names.C_MEMIF_FLOOR, 1.0 / 1.5);
                }
                c.expect(Names.LINUX_BUSY_POLL, kernelTarget).expect(Names.NETTY_BUSY_WAIT, kernelTarget)
                        .expect(Names.LINUX_BLOCKING, Double.NaN).expect(Names.NETTY_EPOLL, Double.NaN);
                for (int r = 0; r < rounds; r++) {
                    c.margay(r, percentile(outcome.get(margay, r), p));
                    for (String alt : new String[] {Names.JAVA_SHM_FLOOR, Names.C_MEMIF_FLOOR, Names.LINUX_BUSY_POLL,
                        Names.NETTY_BUSY_WAIT, Names.LINUX_BLOCKING, Names.NETTY_EPOLL}) {
                        if (device.equals("shm") && alt.equals(Names.C_MEMIF_FLOOR)
                                || device.equals("memif") && alt.equals(Names.JAVA_SHM_FLOOR)) {
                            continue;
                        }
                        c.alternative(alt, r, percentile(outcome.get(alt, r), p));
                    }
                }
            }
        }
        return result;
    }

    static final List<String> NETTY_FLAGS = List.of("-Dio.netty.noUnsafe=true",
            "-Dio.netty.leakDetection.level=disabled");

    static double percentile(Map<String, String> results, double p) {
        if (results == null || results.get("hist") == null) {
            return Double.NaN;
        }
        return Latencies.percentileMicros(Latencies.decode(results.get("hist")), p);
    }

    private List<String> window(BenchOptions o) {
        return o.windowArguments();
    }

    private static List<String> heap() {
        return List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
    }

    private List<String> margayFlags(RunContext ctx, String label, int cpu, boolean dpdk) throws IOException {
        List<String> flags = new ArrayList<>(heap());
        if (dpdk) {
            flags.add("-Dmargay.dpdk.eal=" + String.join(" ", MemifFloor.ealArguments(cpu)));
        }
        Path jfr = ctx.options().jfr();
        if (jfr != null) {
            Files.createDirectories(jfr);
            flags.add("-XX:StartFlightRecording=settings=profile,filename=" + jfr.resolve(label + "-" + (++sequence) + ".jfr"));
        }
        return flags;
    }

    /** Margay↔Margay over {@code shm} or {@code memif}, as a session. */
    Variant margay(RunContext ctx, String device) {
        Launcher l = ctx.launcher();
        int k = ++sequence;
        Path file = device.equals("shm") ? Path.of("/dev/shm", "margay-bench-" + ProcessHandle.current().pid() + "-" + k)
                : l.runDirectory().resolve("memif-" + k + ".sock");
        boolean dpdk = device.equals("memif");
        String serverDevice = dpdk ? "device=dpdk:" + MemifFloor.vdev("server", file) : "device=shm:" + file;
        String clientDevice = dpdk ? "device=dpdk:" + MemifFloor.vdev("client", file) : "device=shm:" + file;
        return Variant.session("margay-" + device, () -> {
            Files.deleteIfExists(file);
            List<String> server = l.javaCommand(l.serverCpu(), margayFlags(ctx, "margay-" + device + "-server", l.serverCpu(), dpdk),
                    "margay-server", List.of(serverDevice, "mode=echo", "timeout=" + SERVER_TIMEOUT_S));
            List<String> clientArgs = new ArrayList<>(List.of(clientDevice, "mode=echo", "size=" + SIZE));
            clientArgs.addAll(window(ctx.options()));
            List<String> client = l.javaCommand(l.clientCpu(), margayFlags(ctx, "margay-" + device + "-client", l.clientCpu(), dpdk),
                    "margay-client", clientArgs);
            return Session.open(l, "margay-" + device, server, new Pair.ReadyLine(), s -> client);
        }, firstTimeout(ctx), laterTimeout(ctx), () -> deleteQuietly(file));
    }

    /** Servers in sessions wait this long (seconds) for their next request: the runner stops them anyway. */
    static final int SERVER_TIMEOUT_S = 3600;

    static long firstTimeout(RunContext ctx) {
        BenchOptions o = ctx.options();
        return o.warmupMillis() + o.warmupExtraMillis() + o.measureMillis() + 60_000;
    }

    static long laterTimeout(RunContext ctx) {
        return ctx.options().measureMillis() + 30_000;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file in /dev/shm or the run directory; the next run uses another name
        }
    }

    private static long timeout(RunContext ctx) {
        return firstTimeout(ctx);
    }

    /** A Java pair (nio or netty) over loopback TCP, as a session. */
    Variant javaPair(RunContext ctx, String name, String kind, String mode, List<String> flags) {
        Launcher l = ctx.launcher();
        List<String> jvm = new ArrayList<>(heap());
        jvm.addAll(flags);
        return Variant.session(name, () -> {
            List<String> server = l.javaCommand(l.serverCpu(), jvm, kind + "-server",
                    List.of("mode=" + mode, "size=" + SIZE, "timeout=" + SERVER_TIMEOUT_S));
            return Session.open(l, kind + "-" + mode, server, new Pair.ReadyLine(), s -> {
                List<String> args = new ArrayList<>(List.of("mode=" + mode, "size=" + SIZE, "port=" + s.get("port")));
                args.addAll(window(ctx.options()));
                return l.javaCommand(l.clientCpu(), jvm, kind + "-client", args);
            });
        }, firstTimeout(ctx), laterTimeout(ctx), () -> { });
    }

    /** The Java shared-memory floor, as a session. */
    Variant shmFloor(RunContext ctx) {
        Launcher l = ctx.launcher();
        Path file = Path.of("/dev/shm", "margay-bench-floor-" + ProcessHandle.current().pid() + "-" + (++sequence));
        return Variant.session(Names.JAVA_SHM_FLOOR, () -> {
            Files.deleteIfExists(file);
            List<String> server = l.javaCommand(l.serverCpu(), heap(), "shm-floor-server",
                    List.of("file=" + file, "size=" + SIZE, "timeout=" + SERVER_TIMEOUT_S));
            List<String> args = new ArrayList<>(List.of("file=" + file, "size=" + SIZE));
            args.addAll(window(ctx.options()));
            List<String> client = l.javaCommand(l.clientCpu(), heap(), "shm-floor-client", args);
            return Session.open(l, "java-shm-floor", server, new Pair.ReadyLine(), s -> client);
        }, firstTimeout(ctx), laterTimeout(ctx), () -> deleteQuietly(file));
    }

    /** The C memif floor; its samples file becomes a histogram. */
    Map<String, String> cFloor(RunContext ctx, Path binary) throws Exception {
        Launcher l = ctx.launcher();
        int k = ++sequence;
        Path socket = l.runDirectory().resolve("floor-" + k + ".sock");
        Path samples = l.runDirectory().resolve("floor-" + k + ".samples");
        Files.deleteIfExists(socket);
        try {
            List<String> server = cCommand(l, binary, l.serverCpu(), "server", socket, "echo", 0, 0, C_FRAME, "/dev/null");
            List<String> client = cCommand(l, binary, l.clientCpu(), "client", socket, "echo", ctx.options().warmupMillis(),
                    ctx.options().measureMillis(), C_FRAME, samples.toString());
            Map<String, String> res = Pair.run(l, "c-memif-floor", server, new Pair.ReadyLine(), s -> client, timeout(ctx));
            Histogram h = Latencies.newHistogram();
            byte[] bytes = Files.readAllBytes(samples);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                h.recordValue(Integer.toUnsignedLong(b.getInt()));
            }
            res.put("hist", Latencies.encode(h));
            return res;
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(samples);
        }
    }

    static List<String> cCommand(Launcher l, Path binary, int cpu, String role, Path socket, String mode, long warm,
                                 long measure, int size, String out) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(MemifFloor.ealArguments(cpu));
        cmd.add("--vdev=" + MemifFloor.vdev(role, socket));
        cmd.addAll(List.of("--", role, mode, Long.toString(warm), Long.toString(measure), Integer.toString(size), out));
        return l.nativeCommand(cpu, cmd);
    }

    /** sockperf ping-pong, busy-polling; its full log becomes a histogram. */
    Map<String, String> sockperf(RunContext ctx) throws Exception {
        Launcher l = ctx.launcher();
        int port = Ports.free();
        Path log = l.runDirectory().resolve("sockperf-" + (++sequence) + ".csv");
        BenchOptions o = ctx.options();
        long seconds = Math.max(1, Math.round((o.warmupMillis() + o.measureMillis()) / 1000.0));
        List<String> server = l.nativeCommand(l.serverCpu(), List.of("sockperf", "server", "--tcp", "-i", "127.0.0.1",
                "-p", Integer.toString(port), "--nonblocked"));
        List<String> client = l.nativeCommand(l.clientCpu(), List.of("sockperf", "ping-pong", "--tcp", "-i", "127.0.0.1",
                "-p", Integer.toString(port), "-m", Integer.toString(SIZE), "-t", Long.toString(seconds), "--nonblocked",
                "--full-rtt", "--full-log", log.toString()));
        try {
            Map<String, String> res = Pair.run(l, "sockperf", server, new Pair.Listening(port), s -> client, timeout(ctx));
            Histogram h = SockperfLog.histogram(Files.readAllLines(log), Math.max(0, o.warmupMillis() - 400) / 1000.0);
            if (h.getTotalCount() == 0) {
                throw new Pair.Failed("sockperf wrote no samples to " + log);
            }
            res.put("hist", Latencies.encode(h));
            return res;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
