package org.margay.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.margay.examples.appliance.FilteringForwarder;
import org.margay.examples.echo.EchoReport;
import org.margay.examples.echo.TcpEchoClient;
import org.margay.examples.echo.TcpEchoServer;
import org.margay.examples.echo.UdpEchoClient;
import org.margay.examples.echo.UdpEchoServer;
import org.margay.examples.kv.KvServer;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.PdpixException;

/**
 * Runs one example as its own program, on the library OS the configuration names — the same code whichever it is:
 * <pre>
 *   tcp-echo-server [--port 7] [key=value ...]
 *   tcp-echo-client --server A:P [--clients 1] [--requests 1000] [--size 64] [key=value ...]
 *   udp-echo-server [--port 7] [key=value ...]
 *   udp-echo-client --server A:P [--clients 1] [--requests 1000] [--size 64] [key=value ...]
 *   kv-server [--port 6379] [key=value ...]
 *   forwarder [--left 0] [--right 1] [--drop 5000-5999] libos=link link.devices=... [key=value ...]
 * </pre>
 * {@code key=value} pairs (and {@code -Dmargay.key=value} system properties) configure the library OS, starting with
 * {@code libos=kernel} or {@code libos=inet ...}. Servers run until the process is stopped; a client exits 0 when every
 * request came back intact.
 */
public final class ExampleMain {
    private ExampleMain() {
    }

    /** The entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with {@code args}; returns the exit code (2 for bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help")) {
            out.println("usage: EXAMPLE [--port N] [--server A:P] [--clients N] [--requests N] [--size N] [key=value ...]");
            out.println("examples: tcp-echo-server tcp-echo-client udp-echo-server udp-echo-client kv-server forwarder");
            out.println("library OSes on the module path: " + LibOSes.names());
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> config = new LinkedHashMap<>(LibOSConfig.fromSystemProperties().asMap());
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 < args.length) {
                options.put(a.substring(2), args[++i]);
            } else if (a.contains("=")) {
                config.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                err.println("examples: unexpected argument '" + a + "'");
                return 2;
            }
        }
        config.putIfAbsent(LibOSConfig.LIBOS, "kernel");
        try (LibOS los = LibOSes.open(LibOSConfig.of(config))) {
            return runExample(args[0].toLowerCase(Locale.ROOT), options, los, out, err);
        } catch (PdpixException | IllegalArgumentException e) {
            err.println("examples: " + e.getMessage());
            return 2;
        }
    }

    private static int runExample(String name, Map<String, String> o, LibOS los, PrintStream out, PrintStream err) {
        AppRunner runner = new AppRunner(AppTrace.printing(out, ""), AppRunner.DEFAULT_IDLE_SLICE_NANOS);
        long forever = Long.MAX_VALUE;
        switch (name) {
            case "tcp-echo-server" -> {
                runner.start(new TcpEchoServer(los, new InetEndpoint(0, intOption(o, "port", 7)), 0));
                runner.runUntil(() -> false, forever);
                return 0;
            }
            case "udp-echo-server" -> {
                runner.start(new UdpEchoServer(los, new InetEndpoint(0, intOption(o, "port", 7)), 0));
                runner.runUntil(() -> false, forever);
                return 0;
            }
            case "kv-server" -> {
                runner.start(new KvServer(los, new InetEndpoint(0, intOption(o, "port", 6379))));
                runner.runUntil(() -> false, forever);
                return 0;
            }
            case "forwarder" -> {
                String drop = o.getOrDefault("drop", "5000-5999");
                int dash = drop.indexOf('-');
                if (dash < 0) {
                    err.println("examples: --drop takes a port range LOW-HIGH, got '" + drop + "'");
                    return 2;
                }
                int low = parsePort(drop.substring(0, dash));
                int high = parsePort(drop.substring(dash + 1));
                runner.start(new FilteringForwarder(los, intOption(o, "left", 0), intOption(o, "right", 1), low, high));
                runner.runUntil(() -> false, forever);
                return 0;
            }
            case "tcp-echo-client", "udp-echo-client" -> {
                String server = o.get("server");
                if (server == null) {
                    err.println("examples: " + name + " needs --server A:P");
                    return 2;
                }
                TcpEchoClient.Options options = new TcpEchoClient.Options(InetEndpoint.parse(server),
                        intOption(o, "clients", 1), intOption(o, "requests", 1000), intOption(o, "size", 64));
                AppRunner quiet = new AppRunner();
                EchoReport report;
                long expected;
                long started = System.nanoTime();
                if (name.startsWith("tcp")) {
                    TcpEchoClient client = quiet.start(new TcpEchoClient(los, options));
                    quiet.runUntilFinished(forever);
                    report = client.report();
                    expected = client.expectedRequests();
                } else {
                    UdpEchoClient client = quiet.start(new UdpEchoClient(los, options));
                    quiet.runUntilFinished(forever);
                    report = client.report();
                    expected = client.expectedRequests();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                out.printf(Locale.ROOT, "%s (%s): %.3f s, %.0f requests/s%n", report, los.name(), seconds,
                        report.intact() / Math.max(seconds, 1e-9));
                return report.ok(expected) ? 0 : 1;
            }
            default -> {
                err.println("examples: no example named '" + name + "'");
                return 2;
            }
        }
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: '" + text + "'", e);
        }
    }

    private static int intOption(Map<String, String> options, String key, int fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " takes a number, got '" + v + "'", e);
        }
    }
}
