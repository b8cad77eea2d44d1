package org.margay.examples.echo;

import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * The UDP echo server: every datagram it pops goes back to its sender, unchanged. One pop and one push are
 * outstanding at a time (pop, push the datagram back, pop again); a datagram that arrives meanwhile waits in the
 * library OS's receive queue. The sender's endpoint object is reused while the sender stays the same. Runs until stopped, or after {@code maxDatagrams} datagrams. Written only against
 * PDPIX; steady state allocates nothing.
 */
public final class UdpEchoServer implements QueueApp {
    private final LibOS los;
    private final InetEndpoint local;
    private final long maxDatagrams;
    /** The last sender, kept so that a client sending many datagrams costs no endpoint object per datagram. */
    private InetEndpoint lastPeer = InetEndpoint.ANY;
    private AppRunner runner;
    private int qd = -1;
    private long popQt;
    private long pushQt;
    private long datagrams;
    private long bytes;
    private long failures;
    private boolean stopped;

    /** A server for {@code los} bound to {@code local}, stopping after {@code maxDatagrams} (0 = never). */
    public UdpEchoServer(LibOS los, InetEndpoint local, long maxDatagrams) {
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.maxDatagrams = maxDatagrams;
    }

    @Override
    public String name() {
        return "udp-echo-server";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        qd = los.socket(Domain.INET, SocketType.DGRAM);
        los.bind(qd, local);
        runner.own(los, qd, this);
        popQt = los.pop(qd);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "bound to " + los.getsockname(qd) + " (" + los.name() + ")");
        }
    }

    /** Where the server is bound (after {@link #start}). */
    public InetEndpoint endpoint() {
        return los.getsockname(qd);
    }

    @Override
    public void onCompletion(QResult r) {
        if (r.qt() == popQt && popQt != 0) {
            popQt = 0;
            onDatagram(r);
        } else if (r.qt() == pushQt && pushQt != 0) {
            pushQt = 0;
            if (!r.ok()) {
                failures++;
            }
            next();
        } else if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    private void onDatagram(QResult r) {
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                next();
            }
            return;
        }
        Sga datagram = r.sga();
        datagrams++;
        bytes += datagram.totalLength();
        if (lastPeer.address() != r.peerIp() || lastPeer.port() != r.peerPort()) {
            lastPeer = new InetEndpoint(r.peerIp(), r.peerPort());
        }
        long qt = los.pushTo(qd, datagram, lastPeer);
        los.sgaFree(datagram);
        if (qt < 0) {
            failures++;
            next();
            return;
        }
        pushQt = qt;
    }

    private void next() {
        if (maxDatagrams > 0 && datagrams >= maxDatagrams) {
            stop();
            return;
        }
        if (!stopped) {
            popQt = los.pop(qd);
        }
    }

    /** Closes the queue. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            popQt = 0;
            pushQt = 0;
            runner.disown(los, qd);
            los.close(qd);
        }
    }

    @Override
    public boolean finished() {
        return stopped;
    }

    /** Datagrams echoed. */
    public long datagrams() {
        return datagrams;
    }

    /** Bytes echoed. */
    public long bytes() {
        return bytes;
    }

    /** Operations that failed. */
    public long failures() {
        return failures;
    }
}
