package org.margay.examples.appliance;

import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.SocketType;

/**
 * A network appliance built only from PDPIX queue operators (HotOS '19 §4.3): a filtering forwarder between two
 * links of a raw-link library OS ({@code libos=link}). In each direction the frames of one link's RAW queue go
 * through a {@link PortRangeFilter} ({@code filter}), then a {@link TtlRewrite} ({@code map}), and are forwarded
 * to the other link's RAW queue continuously ({@code qconnect}):
 * <pre>
 *   raw(left)  → filter(ports) → map(TTL−1) → qconnect → raw(right)
 *   raw(right) → filter(ports) → map(TTL−1) → qconnect → raw(left)
 * </pre>
 * The application never touches a frame on the data path itself: the library OS's poll loop runs the operators.
 * Hosts on the two links talk through it as through a bridge that drops a port range and counts as one router hop.
 */
public final class FilteringForwarder implements QueueApp {
    private final LibOS los;
    private final int leftLink;
    private final int rightLink;
    private final PortRangeFilter filter;
    private final TtlRewrite rewrite = new TtlRewrite();
    private AppRunner runner;
    private int left = -1;
    private int right = -1;
    private final int lowPort;
    private final int highPort;
    /** Per direction: the operator queues, closed with the RAW queues on stop. */
    private final int[] chains = {-1, -1, -1, -1};
    private final long[] forwarding = new long[2];
    private int stoppedDirections;
    private String error = "";
    private boolean stopped;

    /**
     * A forwarder on {@code los} between link {@code leftLink} and link {@code rightLink}, dropping TCP and UDP ports
     * {@code lowPort..highPort}.
     */
    public FilteringForwarder(LibOS los, int leftLink, int rightLink, int lowPort, int highPort) {
        this.los = Objects.requireNonNull(los, "los");
        this.leftLink = leftLink;
        this.rightLink = rightLink;
        this.filter = new PortRangeFilter(lowPort, highPort);
        this.lowPort = lowPort;
        this.highPort = highPort;
    }

    @Override
    public String name() {
        return "filtering-forwarder";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        left = raw(leftLink);
        right = raw(rightLink);
        forwarding[0] = direction(0, left, right);
        forwarding[1] = direction(1, right, left);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "forwarding link " + leftLink + " <-> link " + rightLink + " (" + los.name()
                    + "), dropping TCP/UDP ports " + lowPort + ".." + highPort + ", IPv4 TTL-1");
        }
    }

    private int raw(int link) {
        int qd = los.socket(Domain.PACKET, SocketType.RAW);
        los.bind(qd, new InetEndpoint(0, link));
        return qd;
    }

    /** filter → map → qconnect from {@code in} to {@code out}; returns the qconnect token. */
    private long direction(int index, int in, int out) {
        int filtered = los.filter(in, filter);
        int rewritten = los.map(filtered, rewrite);
        chains[2 * index] = rewritten;
        chains[2 * index + 1] = filtered;
        runner.own(los, rewritten, this);
        long qt = los.qconnect(rewritten, out);
        if (qt < 0) {
            throw new IllegalStateException("qconnect refused: " + Errno.name((int) -qt));
        }
        return qt;
    }

    @Override
    public void onCompletion(QResult r) {
        for (int i = 0; i < 2; i++) {
            if (r.qt() == forwarding[i] && forwarding[i] != 0) {
                forwarding[i] = 0;
                stoppedDirections++;
                if (!r.ok() && r.ret() != Errno.ECANCELED && error.isEmpty()) {
                    error = "direction " + i + " stopped: " + Errno.name(r.ret());
                }
                if (runner.trace().enabled()) {
                    runner.trace().event(name(), "direction " + i + " stopped (" + r + ")");
                }
                return;
            }
        }
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    /** Stops forwarding: closes the operator queues, then both RAW queues. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        forwarding[0] = 0;
        forwarding[1] = 0;
        for (int qd : chains) {
            if (qd >= 0) {
                runner.disown(los, qd);
                los.close(qd);
            }
        }
        los.close(left);
        los.close(right);
    }

    @Override
    public boolean finished() {
        return stopped || stoppedDirections == 2;
    }

    /** The filter, with its counters. */
    public PortRangeFilter filter() {
        return filter;
    }

    /** The rewrite, with its counters. */
    public TtlRewrite rewrite() {
        return rewrite;
    }

    /** Why forwarding stopped, or empty. */
    public String error() {
        return error;
    }
}
