package org.margay.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.margay.apps.App;
import org.margay.apps.AppHost;
import org.margay.apps.Apps;
import org.margay.apps.HostReport;
import org.margay.apps.StopSignal;
import org.margay.examples.AppTrace;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.pdpix.PdpixException;
import org.margay.stack.StackStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code margay serve}: runs one PDPIX application ({@code echo}, {@code discard}, {@code http:DIR}, {@code kv},
 * {@code iperf3}) on Margay's stack over a device, or on kernel sockets, until SIGINT or SIGTERM.
 *
 * <h2>Output (stable: scripts read it)</h2>
 * <ul>
 *   <li>When listening: {@code serve: listening app=SPEC port=P libos=... [device=... address=... mac=... mtu=...]}.</li>
 *   <li>On stop, the last line: {@code serve: stopped app=SPEC libos=NAME connections=N bytes-in=N bytes-out=N
 *       failures=N frames-in=N frames-out=N drops=N APP-COUNTERS uptime=S.SSSs} where frames and drops are the stack's
 *       (frames received and sent, everything it dropped plus the device's own drops), {@code -} on kernel sockets,
 *       and APP-COUNTERS the app's own {@code key=value} pairs.</li>
 *   <li>With {@code --pcap FILE}, just before it: {@code serve: capture pcap=FILE frames=N in=N out=N events=N
 *       samples=N log=FILE.events} (see {@link LiveCapture}).</li>
 * </ul>
 * Exit code 0 after a clean stop (128+signal when the JVM was stopped by a signal, as usual), 1 when the stack or
 * device could not be opened or the port bound, 2 for bad arguments.
 *
 * <p>The loop runs on the command's thread; the shutdown hook only asks it to stop ({@link Running}) and waits for
 * it to close the library OS and print the summary.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a PDPIX application on Margay's stack over a device (or on kernel sockets) until SIGINT/SIGTERM,"
                + " then print the counters.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StackOptions network = new StackOptions();

    @Option(names = "--app", required = true, paramLabel = "APP",
            description = "echo, discard, http:DIR, kv or iperf3.")
    String app;

    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (default: the app's: echo 7, discard 9,"
            + " http 80, kv 6379, iperf3 5201).")
    Integer port;

    @Option(names = "--trace", description = "Print the app's events (connections, requests, tests).")
    boolean trace;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try {
            App application = parseApp(app);
            int p = port != null ? port : application.defaultPort();
            if (p < 1 || p > 65535) {
                throw CliError.usage("--port must be 1..65535, got " + p);
            }
            return serve(application, p, out);
        } catch (CliError e) {
            System.err.println("margay serve: " + e.getMessage());
            return e.exitCode();
        }
    }

    static App parseApp(String spec) {
        try {
            return Apps.parse(spec);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("--app: " + e.getMessage());
        }
    }

    private int serve(App application, int p, PrintStream out) {
        StopSignal stop = new StopSignal();
        Thread hook = Thread.ofPlatform().name("margay-serve-shutdown").unstarted(() -> {
            stop.request();
            stop.awaitDone(10_000);
        });
        StackOptions.Opened opened = network.open();
        Running.add(stop);
        boolean hooked = false;
        try {
            HostReport report;
            String frames;
            try {
                AppHost host;
                try {
                    host = AppHost.start(application, opened.los(), p, trace ? AppTrace.printing(out, "serve: ") : AppTrace.NONE);
                } catch (PdpixException e) {
                    throw CliError.failure("cannot serve " + application.spec() + " on port " + p + ": " + e.getMessage(), e);
                }
                Runtime.getRuntime().addShutdownHook(hook);
                hooked = true;
                out.println("serve: listening app=" + application.spec() + " port=" + p + " " + opened.description());
                out.flush();
                host.runUntil(stop::requested, Long.MAX_VALUE);
                host.stop(AppHost.DEFAULT_GRACE_NANOS);
                report = host.report();
                frames = frames(opened);
            } finally {
                opened.close();
            }
            if (opened.capture() != null) {
                out.println("serve: capture " + opened.capture().summary());
            }
            out.println(summary(application, opened, report, frames));
            out.flush();
            return 0;
        } finally {
            Running.remove(stop);
            stop.markDone();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns now that the signal is marked done
                }
            }
        }
    }

    /** The frames and drops fields, read before the stack is closed. */
    private static String frames(StackOptions.Opened opened) {
        if (opened.inet() == null) {
            return "frames-in=- frames-out=- drops=-";
        }
        StackStats s = opened.inet().stack().stats();
        LinkStatistics link = opened.device().statistics();
        long drops = s.totalDrops() + link.rxDrops() + link.txDrops();
        return "frames-in=" + s.framesReceived() + " frames-out=" + s.framesTransmitted() + " drops=" + drops;
    }

    static String summary(App application, StackOptions.Opened opened, HostReport r, String frames) {
        return String.format(Locale.ROOT, "serve: stopped app=%s libos=%s connections=%d bytes-in=%d bytes-out=%d failures=%d"
                        + " %s%s uptime=%.3fs", application.spec(), opened.inet() != null ? "inet" : "kernel", r.connections(),
                r.bytesIn(), r.bytesOut(), r.failures(), frames, r.appCounters().isEmpty() ? "" : " " + r.appCounters(),
                r.elapsedNanos() / 1e9);
    }
}
