package org.margay.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.margay.explain.Explain;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.lab.Scenario;
import org.margay.explain.live.EventLog;
import org.margay.explain.live.LiveCaptureExplainer;
import org.margay.explain.lab.Scenarios;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.render.LadderDiagram;
import org.margay.explain.rfc.RfcIndex;
import org.margay.explain.sim.SimSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code margay explain}: a TCP connection's life as a timeline (state transitions with their RFC 9293 rule,
 * retransmissions with their cause, congestion window, RTT and RTO changes, windows, SACK), from a capture
 * (passive analysis; or, for a live capture written by {@code --pcap} of {@code serve}, {@code connect} or
 * {@code demo}, the stack's own event log {@code FILE.events} beside it: exact), a simulated run ({@code --sim},
 * exact: from the stack) or a lab scenario ({@code --scenario}),
 * optionally drawn as a ladder diagram ({@code --svg}) and plots ({@code --plot}). Also writes the RFC index
 * ({@code --rfc-index [--write]}).
 *
 * <p>Exit codes: 0 explained; 1 the capture is damaged or the simulated run did not finish cleanly; 2 bad usage.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explain TCP connections: from a capture (FILE.pcap or .pcapng), a simulated run (--sim) or a"
                + " lab scenario (--scenario NAME; --scenario list shows them).")
final class ExplainCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A pcap or pcapng capture to explain.")
    Path file;

    @Option(names = "--events", paramLabel = "FILE", description = "The event log of a live capture (default: FILE.events"
            + " beside the capture, written by --pcap of serve, connect and demo): the stack's exact events.")
    Path events;

    @Option(names = "--passive", description = "Ignore any event log: analyse the capture passively, as one from elsewhere.")
    boolean passive;

    @Option(names = "--sim", description = "Run two simulated Margay stacks and explain what their stacks did (exact).")
    boolean sim;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run a lab scenario by name; 'list' lists them.")
    String scenario;

    @Option(names = "--svg", paramLabel = "FILE", description = "Draw the ladder diagram of the connection to FILE.")
    Path svg;

    @Option(names = "--plot", paramLabel = "FILE", description = "Plot sequence, cwnd, in-flight bytes and RTT to FILE.")
    Path plot;

    @Option(names = "--connection", paramLabel = "N",
            description = "Only connection N (default: all in the text; the busiest TCP one in pictures).")
    int connection;

    @Option(names = "--packets", description = "Print every packet in the timeline, not only the events.")
    boolean packets;

    @Option(names = "--first", paramLabel = "N", description = "Ladder: start at the N-th packet (from 1; default 1).")
    int first = 1;

    @Option(names = "--max-packets", paramLabel = "N", description = "Ladder: draw at most N packets (default ${DEFAULT-VALUE}).")
    int maxPackets = 60;

    @Option(names = "--bytes", paramLabel = "N", converter = SimCommand.SizeConverter.class,
            description = "--sim: bytes each way on each connection; K, M or G suffix (default: 64K).")
    long bytes = 64 * 1024;

    @Option(names = "--connections", paramLabel = "N", description = "--sim: concurrent connections (default ${DEFAULT-VALUE}).")
    int connections = 1;

    @Option(names = "--loss", paramLabel = "P", description = "--sim: random loss on each uplink, percent.")
    double loss;

    @Option(names = "--reorder", paramLabel = "P", description = "--sim: reordering on each uplink, percent.")
    double reorder;

    @Option(names = "--duplicate", paramLabel = "P", description = "--sim: duplication on each uplink, percent.")
    double duplicate;

    @Option(names = "--delay", paramLabel = "MS", description = "--sim: one-way delay in milliseconds (default ${DEFAULT-VALUE}).")
    double delay = 1;

    @Option(names = "--rate", paramLabel = "MBIT", description = "--sim: link rate in Mbit/s, 0 unlimited (default ${DEFAULT-VALUE}).")
    double rate = 100;

    @Option(names = "--queue", paramLabel = "FRAMES", description = "--sim: each link's queue in frames, 0 unlimited (default ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--mtu", paramLabel = "N", description = "--sim: MTU (default ${DEFAULT-VALUE}).")
    int mtu = 1500;

    @Option(names = "--cc", paramLabel = "ALGO", description = "--sim: newreno or cubic (default ${DEFAULT-VALUE}).")
    String cc = "cubic";

    @Option(names = "--no-sack", description = "--sim: do not offer SACK.")
    boolean noSack;

    @Option(names = "--seed", paramLabel = "S", description = "--sim: seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--rfc-index", description = "Print the RFC index generated from the sources' citations.")
    boolean rfcIndex;

    @Option(names = "--write", description = "With --rfc-index: write it to docs/RFC-INDEX.md instead of printing it.")
    boolean write;

    @Option(names = "--root", paramLabel = "DIR", description = "With --rfc-index: the repository root (default: found from here).")
    Path root;

    @Override
    public Integer call() {
        int sources = (file != null ? 1 : 0) + (sim ? 1 : 0) + (scenario != null ? 1 : 0) + (rfcIndex ? 1 : 0);
        if (sources != 1) {
            System.err.println("margay explain: give exactly one of FILE, --sim, --scenario NAME or --rfc-index");
            return 2;
        }
        if (first < 1 || maxPackets < 1 || connection < 0) {
            System.err.println("margay explain: --first and --max-packets must be at least 1, --connection not negative");
            return 2;
        }
        try {
            if (rfcIndex) {
                return rfcIndex();
            }
            if ("list".equals(scenario)) {
                Explain.listScenarios(System.out);
                return 0;
            }
            Explanation x;
            boolean clean = true;
            if (file != null) {
                if (!Files.isReadable(file)) {
                    System.err.println("margay explain: cannot read " + file);
                    return 2;
                }
                Path log = events != null ? events : EventLog.sidecarOf(file);
                if (events != null && !Files.isReadable(events)) {
                    System.err.println("margay explain: cannot read the event log " + events);
                    return 2;
                }
                if (!passive && Files.isReadable(log)) {
                    // A live capture: the stack's own events, exact (margay serve/connect/demo --pcap FILE).
                    System.out.println("margay explain: " + file + " is a live capture; events from the stack's event log "
                            + log + " (exact, not inferred; --passive ignores it)");
                    x = LiveCaptureExplainer.explain(file, log);
                    clean = x.summary().stream().noneMatch(line -> line.startsWith("the capture is damaged"));
                } else {
                    x = CaptureExplainer.explain(file);
                    clean = x.summary().stream().noneMatch(line -> line.startsWith("the file is damaged"));
                }
            } else if (sim) {
                SimSpec spec = new SimSpec(connections, bytes, bytes, loss, reorder, duplicate, delay, rate, queue, mtu,
                        cc, !noSack, seed);
                x = spec.run();
                clean = x.summary().stream().anyMatch(line -> line.contains("every connection closed cleanly"));
            } else {
                Scenario s = Scenarios.named(scenario);
                if (s == null) {
                    System.err.println("margay explain: no scenario named '" + scenario + "'; these exist:");
                    Explain.listScenarios(System.err);
                    return 2;
                }
                x = s.explain();
                packets = true;
            }
            Explain.print(x, packets, connection, System.out);
            if (svg != null || plot != null) {
                ConnectionTimeline c = Explain.focus(x, connection);
                if (c == null) {
                    System.err.println("margay explain: no connection " + (connection == 0 ? "" : connection + " ")
                            + "to draw");
                    return 1;
                }
                if (svg != null) {
                    Explain.writeLadder(c, new LadderDiagram.Options(first - 1, maxPackets), svg);
                    System.out.println("margay explain: ladder diagram of connection " + c.id() + " written to " + svg);
                }
                if (plot != null) {
                    Explain.writePlot(c, plot);
                    System.out.println("margay explain: plots of connection " + c.id() + " written to " + plot);
                }
            }
            return clean ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            System.err.println("margay explain: " + e.getMessage());
            return 1;
        }
    }

    private int rfcIndex() throws IOException {
        Path repository = Explain.repositoryRoot(root);
        if (repository == null) {
            System.err.println("margay explain: cannot find the repository root (run inside the checkout, or --root DIR)");
            return 2;
        }
        if (write) {
            System.out.println("margay explain: wrote " + RfcIndex.write(repository));
        } else {
            System.out.print(RfcIndex.generate(repository));
        }
        return 0;
    }
}
