package org.margay.cli;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.decode.TcpdumpFormatter;
import org.margay.decode.TcpdumpStyle;
import org.margay.examples.AppRunner;
import org.margay.examples.AppTrace;
import org.margay.examples.echo.EchoReport;
import org.margay.examples.echo.TcpEchoClient;
import org.margay.examples.echo.TcpEchoServer;
import org.margay.examples.kv.KvClient;
import org.margay.examples.kv.KvScript;
import org.margay.examples.kv.KvServer;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.pdpix.inet.LibOSGroup;
import org.margay.stack.StackConfig;

/**
 * The live demo: two Margay stacks in one process, opened from configuration alone ({@code libos=inet}, both ends
 * of one in-memory Ethernet link, one group on a virtual clock), run the examples' TCP echo and key-value
 * applications — which know nothing but PDPIX — and print what happened: connections, elements, the first frames
 * on the link decoded like tcpdump, and a summary line.
 *
 * <p>Deterministic: the clock is virtual and the TCP layers are seeded, so a seed prints the same trace every time
 * (and the run takes no wall-clock time waiting). Exit code 0 only if every echo came back intact and every
 * key-value reply was the expected one.
 */
final class LiveDemo {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String CLIENT_ADDRESS = "10.0.0.1";
    private static final String SERVER_ADDRESS = "10.0.0.2";
    private static final int ECHO_PORT = 7;
    private static final int KV_PORT = 6379;
    private static final long WALL_CLOCK_LIMIT = 60_000_000_000L;

    private final int clients;
    private final int requests;
    private final int size;
    private final int framesToPrint;
    private final long seed;
    private final Path pcap;

    LiveDemo(int clients, int requests, int size, int framesToPrint, long seed) {
        this(clients, requests, size, framesToPrint, seed, null);
    }

    /** A demo that also records the client's link and both stacks' events to {@code pcap} (null: no recording). */
    LiveDemo(int clients, int requests, int size, int framesToPrint, long seed, Path pcap) {
        if (clients < 1 || clients > 100 || requests < 1 || size < 1 || framesToPrint < 0) {
            throw new IllegalArgumentException("need --clients 1..100, --requests >= 1, --size >= 1 and --frames >= 0");
        }
        this.clients = clients;
        this.requests = requests;
        this.size = size;
        this.framesToPrint = framesToPrint;
        this.seed = seed;
        this.pcap = pcap;
    }

    int run(PrintStream out) {
        if (pcap != null) {
            return runRecorded(out);
        }
        String link = "demo-" + RUNS.incrementAndGet();
        LibOS server = null;
        LibOS client = null;
        try {
            server = LibOSes.open(config(link, "b", SERVER_ADDRESS, seed));
            client = LibOSes.open(config(link, "a", CLIENT_ADDRESS, seed + 1));
            return exchange(server, client, null, out);
        } catch (RuntimeException e) {
            out.println("demo: libos=inet FAILED (" + e.getMessage() + ")");
            return 1;
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * The same run with live mode on: the two library OSes are built by hand exactly as configuration would build
     * them (one loopback pair, one group on a virtual clock starting at 1 s, the same stack settings), so that the
     * client's device can be wrapped by the recording decorator; both stacks log their events. The trace and summary
     * are those of the unrecorded run, plus one {@code capture:} line before the summary.
     */
    private int runRecorded(PrintStream out) {
        String link = "demo-" + RUNS.incrementAndGet();
        VirtualClock clock = new VirtualClock(1_000_000_000L);
        LibOSConfig serverConfig = config(link, "b", SERVER_ADDRESS, seed);
        LibOSGroup group = new LibOSGroup(clock, LibOSGroup.idleStrategy(serverConfig));
        int mtu = 1500;
        LoopbackPair pair = new LoopbackPair("loopback-" + link, LoopbackPair.DEFAULT_MAC_A, LoopbackPair.DEFAULT_MAC_B,
                mtu, 4096, mtu + 14 + 8 + 128, 128, 1024, clock);
        LiveCapture capture = null;
        InetLibOS server = null;
        InetLibOS client = null;
        try {
            capture = LiveCapture.open(pcap, clock, true);
            server = InetLibOS.builder().device(pair.b()).stack(stackConfig(SERVER_ADDRESS, seed)).group(group)
                    .config(serverConfig).open();
            client = InetLibOS.builder().device(capture.wrap(pair.a())).stack(stackConfig(CLIENT_ADDRESS, seed + 1))
                    .group(group).config(config(link, "a", CLIENT_ADDRESS, seed + 1)).open();
            capture.attach("client", client.stack());
            capture.attach("server", server.stack());
            return exchange(server, client, capture, out);
        } catch (CliError e) {
            out.println("demo: libos=inet FAILED (" + e.getMessage() + ")");
            return e.exitCode();
        } catch (RuntimeException e) {
            out.println("demo: libos=inet FAILED (" + e.getMessage() + ")");
            return 1;
        } finally {
            if (client != null) {
                client.close();
            }
            if (server != null) {
                server.close();
            }
            if (capture != null) {
                capture.close(); // closes the recording device (and so end a), then the event log
            }
            pair.close();
        }
    }

    /** The stack settings {@code libos=inet} gives for {@link #config}'s keys. */
    private static StackConfig stackConfig(String address, long seed) {
        return StackConfig.builder().address(Ipv4Address.parse(address), 24).tcpSeed(seed)
                .tcp(TcpConfig.defaults().toBuilder().noDelay(true).keepAlive(false).build()).build();
    }

    private static LibOSConfig config(String link, String side, String address, long seed) {
        return LibOSConfig.of("inet",
                "inet.device", "loopback:" + link + ":" + side,
                "inet.address", address + "/24",
                "inet.group", link,
                "inet.clock", "virtual",
                "inet.seed", Long.toString(seed));
    }

    private int exchange(LibOS server, LibOS client, LiveCapture capture, PrintStream out) {
        if (size > client.maxElement()) {
            throw new IllegalArgumentException("--size " + size + " is above the largest element, " + client.maxElement() + " bytes");
        }
        Clock clock = ((InetLibOS) client).clock();
        long start = clock.nanoTime();
        FrameTrace frames = new FrameTrace(out, framesToPrint, start);
        ((InetLibOS) client).stack().frameObserver(frames::frame);
        AppTrace trace = new AppTrace() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void event(String app, String text) {
                out.println("  " + app + ": " + text);
            }
        };

        out.println("Margay demo: two Margay stacks in one process (client " + CLIENT_ADDRESS + ", server " + SERVER_ADDRESS
                + ") over an in-memory Ethernet link, on a virtual clock.");
        out.println("The applications are the examples module's: they know only PDPIX, and would run unchanged on"
                + " kernel sockets (libos=kernel).");
        out.println();

        AppRunner runner = new AppRunner(trace, AppRunner.DEFAULT_IDLE_SLICE_NANOS);
        TcpEchoServer echoServer = runner.start(new TcpEchoServer(server, new InetEndpoint(0, ECHO_PORT), clients));
        KvServer kvServer = runner.start(new KvServer(server, new InetEndpoint(0, KV_PORT)));

        out.println("-- echo: " + clients + " connection" + (clients == 1 ? "" : "s") + " x " + requests
                + " elements of " + size + " bytes, each pushed, echoed and checked");
        TcpEchoClient echo = runner.start(new TcpEchoClient(client, new TcpEchoClient.Options(
                InetEndpoint.parse(SERVER_ADDRESS + ":" + ECHO_PORT), clients, requests, size)));
        boolean echoDone = runner.runUntil(() -> echo.finished() && echoServer.finished(), WALL_CLOCK_LIMIT);
        EchoReport report = echo.report();
        out.println();

        out.println("-- key-value: " + KvScript.COMMANDS.size() + " RESP commands over a raw-stream connection");
        KvClient kv = runner.start(new KvClient(client, InetEndpoint.parse(SERVER_ADDRESS + ":" + KV_PORT),
                KvScript.COMMANDS, false));
        boolean kvDone = runner.runUntil(kv::finished, WALL_CLOCK_LIMIT);
        kvServer.stop();
        runner.runUntil(kvServer::finished, WALL_CLOCK_LIMIT);
        List<String> replies = KvScript.texts(kv.replies());
        int expectedReplies = 0;
        for (int i = 0; i < Math.min(replies.size(), KvScript.REPLIES.size()); i++) {
            if (replies.get(i).equals(KvScript.REPLIES.get(i))) {
                expectedReplies++;
            }
        }
        out.println();

        long expected = (long) clients * requests;
        boolean echoOk = echoDone && report.ok(expected) && echoServer.failures() == 0;
        boolean kvOk = kvDone && kv.error().isEmpty() && expectedReplies == KvScript.REPLIES.size()
                && replies.size() == KvScript.REPLIES.size();
        boolean ok = echoOk && kvOk;
        if (!echoOk) {
            out.println("echo: " + report);
        }
        if (!kvOk) {
            out.println("key-value: replies " + replies + (kv.error().isEmpty() ? "" : ", error: " + kv.error()));
        }
        if (capture != null) {
            var stats = ((InetLibOS) client).stack().stats();
            out.println("capture: " + capture.summary() + " (client stack: frames-in=" + stats.framesReceived()
                    + " frames-out=" + stats.framesTransmitted() + ")");
            out.println("  open it with: wireshark " + pcap + ", tshark -r " + pcap + ", ./margay explain " + pcap);
        }
        out.printf(Locale.ROOT, "demo: libos=inet stacks=2 echo=%d/%d intact kv=%d/%d as expected frames=%d"
                        + " virtual-time=%.6fs %s%n", report.intact(), expected, expectedReplies, KvScript.REPLIES.size(),
                frames.count(), (clock.nanoTime() - start) / 1e9, ok ? "ok" : "FAILED");
        return ok ? 0 : 1;
    }

    /** Prints the first frames of the client's link in tcpdump's style, and counts them all. */
    private static final class FrameTrace {
        private final PrintStream out;
        private final int limit;
        private final long start;
        private final Dissector dissector = new Dissector();
        private final TcpdumpFormatter formatter = new TcpdumpFormatter(TcpdumpStyle.plain());
        private long count;

        FrameTrace(PrintStream out, int limit, long start) {
            this.out = out;
            this.limit = limit;
            this.start = start;
        }

        void frame(boolean outbound, long now, MemorySegment segment, long offset, int length) {
            count++;
            if (count <= limit) {
                Dissection d = dissector.dissect(1, segment, offset, length, length);
                long t = now - start;
                out.print("    " + (outbound ? "> " : "< ")
                        + formatter.format(count, t / 1_000_000_000L, (int) (t % 1_000_000_000L), d));
                if (count == limit) {
                    out.println("    (the rest of the frames are counted, not printed; --frames N prints more)");
                }
            }
        }

        long count() {
            return count;
        }
    }
}
