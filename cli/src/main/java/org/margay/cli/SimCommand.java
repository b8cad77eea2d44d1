package org.margay.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;
import org.margay.sim.SimReport;
import org.margay.sim.TransferScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code margay sim}: two Margay stacks on the deterministic simulator exchange N random bytes in each direction
 * over each connection, then close cleanly. Everything runs on a virtual clock, so a seed reproduces a run
 * exactly.
 *
 * <p>Contract (scripts rely on it): the last line is the scenario's summary, containing {@code intact=true} or
 * {@code intact=false}, the bytes delivered, retransmissions, the fast-path share and the virtual time taken;
 * the exit code is 0 only if every byte arrived intact and every connection closed.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run two Margay stacks on the deterministic network simulator: exchange random bytes over TCP"
                + " in both directions, close cleanly, and check every byte.")
final class SimCommand implements Callable<Integer> {

    @Option(names = "--bytes", paramLabel = "N", converter = SizeConverter.class,
            description = "Bytes sent in each direction on each connection; K, M or G suffix (default: ${DEFAULT-VALUE}).")
    long bytes = 1 << 20;

    @Option(names = "--connections", paramLabel = "N", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections = 1;

    @Option(names = "--loss", paramLabel = "P", description = "Random loss, percent of frames per link direction (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--reorder", paramLabel = "P", description = "Reordering, percent of frames (default: ${DEFAULT-VALUE}).")
    double reorder;

    @Option(names = "--duplicate", paramLabel = "P", description = "Duplication, percent of frames (default: ${DEFAULT-VALUE}).")
    double duplicate;

    @Option(names = "--corrupt", paramLabel = "P", description = "Corruption (one flipped bit), percent of frames (default: ${DEFAULT-VALUE}).")
    double corrupt;

    @Option(names = "--delay", paramLabel = "MS", description = "One-way delay between the hosts in milliseconds (default: ${DEFAULT-VALUE}).")
    double delayMillis = 0.1;

    @Option(names = "--rate", paramLabel = "MBIT", description = "Link rate in Mbit/s; 0 means unlimited (default: ${DEFAULT-VALUE}).")
    double rateMbit = 1000;

    @Option(names = "--mtu", paramLabel = "N", description = "MTU of both hosts; the MSS follows from it (default: ${DEFAULT-VALUE}).")
    int mtu = 1500;

    @Option(names = "--cc", paramLabel = "ALGO", description = "Congestion control: newreno or cubic (default: ${DEFAULT-VALUE}).")
    String cc = "cubic";

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the payload, impairments and TCP keys (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Record the client's link as pcapng.")
    Path pcap;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run a teaching lab scenario instead of a transfer ('list' lists them); the same as"
                    + " margay explain --scenario NAME.")
    String scenario;

    @Option(names = "--trace", description = "Print each TCP state transition with its reason and each segment.")
    boolean trace;

    @Override
    public Integer call() {
        if (scenario != null) {
            ExplainCommand explain = new ExplainCommand();
            explain.scenario = scenario;
            return explain.call();
        }
        if (mtu < 576 || mtu > 9000) {
            System.err.println("margay sim: --mtu must be 576..9000, was " + mtu);
            return 2;
        }
        if (connections < 1) {
            System.err.println("margay sim: --connections must be at least 1, was " + connections);
            return 2;
        }
        ImpairmentProfile impairment;
        TcpConfig tcp;
        try {
            impairment = ImpairmentProfile.builder().loss(loss).reorder(reorder, 0).duplicate(duplicate)
                    .corrupt(corrupt).seed(seed).build();
            tcp = TcpConfig.builder().mtu(mtu).congestionControl(cc).build();
        } catch (IllegalArgumentException e) {
            System.err.println("margay sim: " + e.getMessage());
            return 2;
        }
        long oneWayNanos = Math.round(delayMillis * 1e6);
        long rate = rateMbit <= 0 ? LinkProfile.UNLIMITED : Math.round(rateMbit * 1e6);
        TransferScenario.Builder scenario = TransferScenario.builder()
                .connections(connections)
                .bytesPerDirection(bytes)
                .seed(seed)
                .latencyNanos(oneWayNanos / 2) // a path crosses two links: host to switch, switch to host
                .bandwidthBitsPerSecond(rate)
                .impairment(impairment)
                .tcp(tcp)
                .mtu(mtu);
        if (pcap != null) {
            scenario.captureClient(pcap);
        }
        if (trace) {
            scenario.trace(System.out);
        }
        System.out.printf(Locale.ROOT, "margay sim: %d connection(s), %d bytes each way, loss=%s%% reorder=%s%%"
                        + " duplicate=%s%% corrupt=%s%% delay=%sms rate=%s mtu=%d cc=%s seed=%d%n",
                connections, bytes, loss, reorder, duplicate, corrupt, delayMillis,
                rate == LinkProfile.UNLIMITED ? "unlimited" : rateMbit + "Mbit/s", mtu, cc, seed);
        SimReport report;
        try {
            report = scenario.build().run();
        } catch (IllegalArgumentException e) {
            System.err.println("margay sim: " + e.getMessage());
            return 2;
        }
        if (pcap != null) {
            System.out.println("margay sim: client link recorded to " + pcap);
        }
        System.out.println(report.summaryLine());
        return report.intact() && report.connectionsClosed() == report.connections() ? 0 : 1;
    }

    /** Parses a byte count with an optional K, M or G suffix (powers of 1024). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            String t = text.trim().toUpperCase(Locale.ROOT);
            long factor = 1;
            if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
                factor = switch (t.charAt(t.length() - 1)) {
                    case 'K' -> 1L << 10;
                    case 'M' -> 1L << 20;
                    default -> 1L << 30;
                };
                t = t.substring(0, t.length() - 1);
            }
            long value;
            try {
                value = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a byte count (N, NK, NM or NG): '" + text + "'");
            }
            if (value < 0 || value > Long.MAX_VALUE / factor) {
                throw new IllegalArgumentException("byte count out of range: '" + text + "'");
            }
            return value * factor;
        }
    }
}
