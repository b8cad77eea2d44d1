package org.margay.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P4, bulk: one TCP connection, one core per side, Margay↔Margay pushing 16,000-byte elements over the
 * shared-memory device (MTU 1500 and 9000) and over DPDK memif (MTU 1500; its mbufs hold 2048 bytes, so no jumbo
 * frames), beside {@code iperf3} over Linux loopback ({@code -M 1460} and its default 64 KiB-MTU segments) and the C
 * memif copy loop (1514-byte frames written in full), interleaved. Figures are application bytes per second
 * (Margay: element payload whose push completed in the window; iperf3: its receiver's figure; C: frame payload).
 */
public final class BulkScenario implements Scenario {
    static final int ELEMENT = 16_000;
    /**
     * Send and receive buffer of the bulk connection: 4 MiB, what Linux's autotuning reaches on loopback. Margay's
     * default (256 KiB) caps one connection at window / RTT, and a descheduled receiver (this VM is shared) stalls
     * the sender within 256 KiB; its autotuning is a request to net-tcp.
     */
    static final int TCP_BUFFER = 4 << 20;
    static final int C_FRAME = 1514;
    /** Pushes the Margay bulk client keeps outstanding (its BULK_IN_FLIGHT). */
    static final int BULK_IN_FLIGHT = 8;

    private int sequence;

    @Override
    public String name() {
        return "p4";
    }

    @Override
    public ScenarioResult run(RunContext ctx) throws Exception {
        ScenarioResult result = new ScenarioResult("p4", "P4 bulk, one TCP connection");
        Launcher l = ctx.launcher();
        MemifFloor.Build floor = MemifFloor.build(l.runDirectory().getParent().resolve("native-cache"));
        boolean iperf = Tools.onPath("iperf3");
        List<Variant> variants = new ArrayList<>();
        variants.add(margay(ctx, "shm", 1500));
        String quickSkip = "not run in --quick";
        boolean quick = ctx.options().quick();
        variants.add(quick ? Variant.skipped("margay-shm-9000", quickSkip) : margay(ctx, "shm", 9000));
        variants.add(floor.skipReason() != null ? Variant.skipped("margay-memif-1500", floor.skipReason())
                : margay(ctx, "memif", 1500));
        String noIperf = "iperf3 not installed (apt-get install -y iperf3)";
        variants.add(iperf ? Variant.of(Names.IPERF_MSS1460, round -> iperf3(ctx, true))
                : Variant.skipped(Names.IPERF_MSS1460, noIperf));
        variants.add(quick ? Variant.skipped(Names.IPERF_DEFAULT, quickSkip) : iperf
                ? Variant.of(Names.IPERF_DEFAULT, round -> iperf3(ctx, false)) : Variant.skipped(Names.IPERF_DEFAULT, noIperf));
        variants.add(floor.skipReason() != null ? Variant.skipped(Names.C_MEMIF_FLOOR, floor.skipReason())
                : Variant.of(Names.C_MEMIF_FLOOR, round -> cFloor(ctx, floor.binary())));
        result.note("Margay's bulk connection uses 4 MiB send and receive buffers (Linux autotunes loopback to 4-6 MiB);"
                + " elements of " + ELEMENT + " bytes, " + BULK_IN_FLIGHT + " pushes outstanding");
        result.note("margay-memif-9000 not run: DPDK mbufs here hold 2048 bytes (DpdkDevices.DEFAULT_DATA_ROOM), no jumbo frames");
        Rounds.Outcome outcome = Rounds.run(ctx, result, variants);
        int rounds = ctx.options().rounds();
        Comparison shm1500 = result.add(new Comparison("p4-bulk-shm-1500", "gbps", "Gbit/s", Better.HIGHER, rounds))
                .expect(Names.IPERF_MSS1460, 1.5).expect(Names.IPERF_DEFAULT, Double.NaN);
        Comparison memif = result.add(new Comparison("p4-bulk-memif-1500", "gbps", "Gbit/s", Better.HIGHER, rounds))
                .expect(Names.C_MEMIF_FLOOR, 0.8).expect(Names.IPERF_MSS1460, Double.NaN);
        Comparison shm9000 = result.add(new Comparison("p4-bulk-shm-9000", "gbps", "Gbit/s", Better.HIGHER, rounds))
                .expect(Names.IPERF_DEFAULT, 1.0).expect(Names.IPERF_MSS1460, Double.NaN);
        long gcs = 0;
        for (int r = 0; r < rounds; r++) {
            double i1460 = gbps(outcome.get(Names.IPERF_MSS1460, r));
            double idef = gbps(outcome.get(Names.IPERF_DEFAULT, r));
            shm1500.margay(r, gbps(outcome.get("margay-shm-1500", r))).alternative(Names.IPERF_MSS1460, r, i1460)
                    .alternative(Names.IPERF_DEFAULT, r, idef);
            memif.margay(r, gbps(outcome.get("margay-memif-1500", r)))
                    .alternative(Names.C_MEMIF_FLOOR, r, gbps(outcome.get(Names.C_MEMIF_FLOOR, r)))
                    .alternative(Names.IPERF_MSS1460, r, i1460);
            shm9000.margay(r, gbps(outcome.get("margay-shm-9000", r))).alternative(Names.IPERF_DEFAULT, r, idef)
                    .alternative(Names.IPERF_MSS1460, r, i1460);
            for (String v : new String[] {"margay-shm-1500", "margay-shm-9000", "margay-memif-1500"}) {
                Map<String, String> res = outcome.get(v, r);
                if (res != null && res.get("gcs") != null) {
                    gcs += Long.parseLong(res.get("gcs"));
                }
            }
        }
        result.note("GCs inside Margay's measured windows (all rounds): " + gcs);
        return result;
    }

    /** Gbit/s from {@code bytes} and {@code nanos} (or iperf3's {@code gbps}); NaN when the run failed. */
    static double gbps(Map<String, String> r) {
        if (r == null) {
            return Double.NaN;
        }
        if (r.get("gbps") != null) {
            return Double.parseDouble(r.get("gbps"));
        }
        if (r.get("bytes") == null || r.get("nanos") == null) {
            return Double.NaN;
        }
        return Long.parseLong(r.get("bytes")) * 8.0 / Long.parseLong(r.get("nanos"));
    }

    private Variant margay(RunContext ctx, String device, int mtu) {
        Launcher l = ctx.launcher();
        int k = ++sequence;
        boolean dpdk = device.equals("memif");
        Path file = dpdk ? l.runDirectory().resolve("bulk-memif-" + k + ".sock")
                : Path.of("/dev/shm", "margay-bench-bulk-" + ProcessHandle.current().pid() + "-" + k);
        String serverDevice = dpdk ? "device=dpdk:" + MemifFloor.vdev("server", file) : "device=shm:" + file;
        String clientDevice = dpdk ? "device=dpdk:" + MemifFloor.vdev("client", file) : "device=shm:" + file;
        String label = "margay-" + device + "-" + mtu;
        return Variant.session(label, () -> {
            Files.deleteIfExists(file);
            List<String> serverArgs = new ArrayList<>(List.of("mode=bulk", "mtu=" + mtu, serverDevice,
                    "timeout=" + EchoScenario.SERVER_TIMEOUT_S, "tcpbuf=" + TCP_BUFFER));
            List<String> clientArgs = new ArrayList<>(List.of("mode=bulk", "mtu=" + mtu, clientDevice, "size=" + ELEMENT,
                    "tcpbuf=" + TCP_BUFFER));
            clientArgs.addAll(ctx.options().windowArguments());
            List<String> server = l.javaCommand(l.serverCpu(), flags(ctx, label + "-server", l.serverCpu(), dpdk),
                    "margay-server", serverArgs);
            List<String> client = l.javaCommand(l.clientCpu(), flags(ctx, label + "-client", l.clientCpu(), dpdk),
                    "margay-client", clientArgs);
            return Session.open(l, label, server, new Pair.ReadyLine(), s -> client);
        }, EchoScenario.firstTimeout(ctx), EchoScenario.laterTimeout(ctx), () -> EchoScenario.deleteQuietly(file));
    }

    private List<String> flags(RunContext ctx, String label, int cpu, boolean dpdk) throws java.io.IOException {
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
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

    private static long timeout(RunContext ctx) {
        return ctx.options().warmupMillis() + ctx.options().warmupExtraMillis() + ctx.options().measureMillis() + 60_000;
    }

    private Map<String, String> iperf3(RunContext ctx, boolean mss1460) throws Exception {
        Launcher l = ctx.launcher();
        int port = Ports.free();
        BenchOptions o = ctx.options();
        long seconds = Math.max(1, Math.round(o.measureMillis() / 1000.0));
        long omit = o.quick() ? 0 : Math.max(1, Math.round(o.warmupMillis() / 1000.0));
        List<String> server = l.nativeCommand(l.serverCpu(), List.of("iperf3", "-s", "-1", "-p", Integer.toString(port)));
        List<String> clientCmd = new ArrayList<>(List.of("iperf3", "-c", "127.0.0.1", "-p", Integer.toString(port),
                "-t", Long.toString(seconds), "-O", Long.toString(omit), "-J"));
        if (mss1460) {
            clientCmd.addAll(List.of("-M", "1460"));
        }
        List<String> client = l.nativeCommand(l.clientCpu(), clientCmd);
        Map<String, String> res = Pair.run(l, mss1460 ? "iperf3-mss1460" : "iperf3-default", server,
                new Pair.Listening(port), s -> client, timeout(ctx) + omit * 1000);
        double bps = Json.number(Json.parse(res.get("_client_output")), "end", "sum_received", "bits_per_second");
        if (Double.isNaN(bps)) {
            throw new Pair.Failed("iperf3 -J gave no end.sum_received.bits_per_second");
        }
        res.put("gbps", Double.toString(bps / 1e9));
        return res;
    }

    private Map<String, String> cFloor(RunContext ctx, Path binary) throws Exception {
        Launcher l = ctx.launcher();
        Path socket = l.runDirectory().resolve("bulk-floor-" + (++sequence) + ".sock");
        Files.deleteIfExists(socket);
        try {
            List<String> server = EchoScenario.cCommand(l, binary, l.serverCpu(), "server", socket, "bulk", 0, 0, C_FRAME,
                    "/dev/null");
            List<String> client = EchoScenario.cCommand(l, binary, l.clientCpu(), "client", socket, "bulk",
                    ctx.options().warmupMillis(), ctx.options().measureMillis(), C_FRAME, "/dev/null");
            return Pair.run(l, "c-memif-bulk", server, new Pair.ReadyLine(), s -> client, timeout(ctx));
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
