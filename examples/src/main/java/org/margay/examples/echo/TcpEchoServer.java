package org.margay.examples.echo;

import java.util.Arrays;
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
 * The TCP echo server (after Demikernel's {@code tcp-echo}): accepts connections and pushes back every element it
 * pops, as it came; closes a connection when the client closes it. Written only against PDPIX.
 *
 * <p>Per connection one pop or one push is outstanding at a time (pop, push the element back, pop again), so a
 * slow client holds back only itself. It runs until stopped, or until {@code maxConnections} connections have come
 * and gone (for tests and the demo). Steady state allocates nothing: per-connection state lives in arrays indexed
 * by queue descriptor.
 */
public final class TcpEchoServer implements QueueApp {
    private final LibOS los;
    private final InetEndpoint local;
    private final int maxConnections;
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private long[] popQt = new long[64];
    private long[] pushQt = new long[64];
    private long connections;
    private long closed;
    private long elements;
    private long bytes;
    private long failures;
    private boolean stopped;

    /**
     * A server for {@code los} listening on {@code local} (port 0 picks one: see {@link #endpoint()}), stopping
     * after {@code maxConnections} connections have closed (0 = never).
     */
    public TcpEchoServer(LibOS los, InetEndpoint local, int maxConnections) {
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.maxConnections = maxConnections;
    }

    @Override
    public String name() {
        return "tcp-echo-server";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        listenQd = los.socket(Domain.INET, SocketType.STREAM);
        los.bind(listenQd, local);
        los.listen(listenQd, 128);
        runner.own(los, listenQd, this);
        acceptQt = los.accept(listenQd);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "listening on " + los.getsockname(listenQd) + " (" + los.name() + ")");
        }
    }

    /** Where the server listens (after {@link #start}). */
    public InetEndpoint endpoint() {
        return los.getsockname(listenQd);
    }

    @Override
    public void onCompletion(QResult r) {
        int qd = r.qd();
        if (qd == listenQd && r.qt() == acceptQt) {
            onAccept(r);
        } else if (qd >= 0 && qd < popQt.length && r.qt() == popQt[qd] && r.qt() != 0) {
            popQt[qd] = 0;
            onPop(qd, r);
        } else if (qd >= 0 && qd < pushQt.length && r.qt() == pushQt[qd] && r.qt() != 0) {
            pushQt[qd] = 0;
            onPush(qd, r);
        } else {
            freeStale(r);
        }
    }

    private void onAccept(QResult r) {
        acceptQt = 0;
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                acceptQt = los.accept(listenQd);
            }
            return;
        }
        int qd = r.acceptedQd();
        connections++;
        grow(qd);
        runner.own(los, qd, this);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "accepted connection from " + r.peer() + " on qd " + qd);
        }
        popQt[qd] = los.pop(qd);
        if (!stopped) {
            acceptQt = los.accept(listenQd);
        }
    }

    private void onPop(int qd, QResult r) {
        if (!r.ok()) {
            failures++;
            closeConnection(qd, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga element = r.sga();
        if (element.segmentCount() == 0) {
            los.sgaFree(element);
            closeConnection(qd, "client closed");
            return;
        }
        elements++;
        bytes += element.totalLength();
        long qt = los.push(qd, element);
        los.sgaFree(element);   // free-protection: the library OS keeps its own references until sent
        if (qt < 0) {
            failures++;
            closeConnection(qd, "push refused: " + Errno.name((int) -qt));
            return;
        }
        pushQt[qd] = qt;
    }

    private void onPush(int qd, QResult r) {
        if (!r.ok()) {
            failures++;
            closeConnection(qd, "push failed: " + Errno.name(r.ret()));
            return;
        }
        long qt = los.pop(qd);
        if (qt < 0) {
            failures++;
            closeConnection(qd, "pop refused: " + Errno.name((int) -qt));
            return;
        }
        popQt[qd] = qt;
    }

    private void closeConnection(int qd, String why) {
        popQt[qd] = 0;
        pushQt[qd] = 0;
        runner.disown(los, qd);
        los.close(qd);
        closed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "closed qd " + qd + " (" + why + ")");
        }
        if (maxConnections > 0 && closed >= maxConnections) {
            stop();
        }
    }

    private void freeStale(QResult r) {
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    private void grow(int qd) {
        if (qd >= popQt.length) {
            int n = Math.max(qd + 1, popQt.length * 2);
            popQt = Arrays.copyOf(popQt, n);
            pushQt = Arrays.copyOf(pushQt, n);
        }
    }

    /** Stops accepting and closes the listener; open connections finish on their own. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        acceptQt = 0;
        runner.disown(los, listenQd);
        los.close(listenQd);
    }

    @Override
    public boolean finished() {
        return stopped && closed >= connections;
    }

    /** Connections accepted. */
    public long connections() {
        return connections;
    }

    /** Elements echoed. */
    public long elements() {
        return elements;
    }

    /** Bytes echoed. */
    public long bytes() {
        return bytes;
    }

    /** Operations that failed (other than cancellations by the server's own close). */
    public long failures() {
        return failures;
    }
}
