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
 * The TCP echo client (after Demikernel's {@code tcp-echo}): {@code clients} connections each push
 * {@code requests} elements of {@code bufferSize} bytes, one at a time, and check that each comes back whole and
 * unchanged; then each closes. Its {@link #report()} is the same on every library OS for the same options.
 *
 * <p>Each connection has one push and one pop outstanding at most. Making and checking requests allocates nothing
 * ({@link EchoPayload} is preallocated per connection).
 */
public final class TcpEchoClient implements QueueApp {
    /**
     * What to run.
     *
     * @param server     the echo server
     * @param clients    connections, opened at once
     * @param requests   requests per connection
     * @param bufferSize bytes per request (one element)
     */
    public record Options(InetEndpoint server, int clients, int requests, int bufferSize) {
        /** Checks the numbers. */
        public Options {
            Objects.requireNonNull(server, "server");
            if (clients < 1 || requests < 0 || bufferSize < 1) {
                throw new IllegalArgumentException("need clients >= 1, requests >= 0, buffer size >= 1: " + clients
                        + ", " + requests + ", " + bufferSize);
            }
        }
    }

    private final LibOS los;
    private final Options options;
    private final Connection[] connections;
    private Connection[] byQd = new Connection[64];
    private AppRunner runner;
    private int connected;
    private int done;
    private long requests;
    private long replies;
    private long intact;
    private long bytes;
    private long failures;
    private String firstError = "";

    /** A client of {@code los} running {@code options}. */
    public TcpEchoClient(LibOS los, Options options) {
        this.los = Objects.requireNonNull(los, "los");
        this.options = Objects.requireNonNull(options, "options");
        this.connections = new Connection[options.clients()];
    }

    @Override
    public String name() {
        return "tcp-echo-client";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        for (int i = 0; i < connections.length; i++) {
            Connection c = new Connection(i, new EchoPayload(options.bufferSize(), i + 1));
            connections[i] = c;
            c.qd = los.socket(Domain.INET, SocketType.STREAM);
            if (c.qd >= byQd.length) {
                byQd = java.util.Arrays.copyOf(byQd, Math.max(c.qd + 1, byQd.length * 2));
            }
            byQd[c.qd] = c;
            runner.own(los, c.qd, this);
            c.connectQt = los.connect(c.qd, options.server());
            if (c.connectQt < 0) {
                fail(c, "connect refused at once: " + Errno.name((int) -c.connectQt));
            }
        }
    }

    @Override
    public void onCompletion(QResult r) {
        Connection c = byQd(r.qd());
        if (c == null || c.finished) {
            freeStale(r);
            return;
        }
        long qt = r.qt();
        if (qt == c.connectQt) {
            c.connectQt = 0;
            onConnect(c, r);
        } else if (qt == c.pushQt) {
            c.pushQt = 0;
            if (!r.ok()) {
                fail(c, "push failed: " + Errno.name(r.ret()));
            }
        } else if (qt == c.popQt) {
            c.popQt = 0;
            onReply(c, r);
        } else {
            freeStale(r);
        }
    }

    private void onConnect(Connection c, QResult r) {
        if (!r.ok()) {
            fail(c, "connect to " + options.server() + " failed: " + Errno.name(r.ret()));
            return;
        }
        connected++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "connection " + c.index + " up: " + los.getsockname(c.qd) + " -> "
                    + los.getpeername(c.qd));
        }
        sendNext(c);
    }

    private void sendNext(Connection c) {
        if (c.sent == options.requests()) {
            // close() sends FIN after anything still queued; nothing of ours is outstanding now.
            close(c);
            if (runner.trace().enabled()) {
                runner.trace().event(name(), "connection " + c.index + " closed after " + c.sent + " requests");
            }
            finish(c);
            return;
        }
        Sga request = c.payload.request(los, c.sent);
        if (request == null) {
            fail(c, "out of elements (sgaAlloc of " + options.bufferSize() + " bytes)");
            return;
        }
        c.popQt = los.pop(c.qd);
        c.pushQt = los.push(c.qd, request);
        los.sgaFree(request);
        if (c.popQt < 0 || c.pushQt < 0) {
            fail(c, "push/pop refused: " + Errno.name((int) -Math.min(c.popQt, c.pushQt)));
            return;
        }
        c.sent++;
        requests++;
    }

    private void onReply(Connection c, QResult r) {
        if (!r.ok()) {
            fail(c, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga reply = r.sga();
        replies++;
        boolean same = reply.segmentCount() > 0 && c.payload.matches(reply);
        long length = reply.totalLength();
        los.sgaFree(reply);
        if (length == 0) {
            fail(c, "the server closed the connection after " + c.sent + " requests");
            return;
        }
        if (!same) {
            fail(c, "reply " + (c.sent - 1) + " differs from its request (" + length + " bytes)");
            return;
        }
        intact++;
        bytes += length;
        if (c.sent == 1 && runner.trace().enabled()) {
            runner.trace().event(name(), "connection " + c.index + ": element 0 (" + length + " bytes) came back whole and intact");
        }
        sendNext(c);
    }

    private void fail(Connection c, String why) {
        failures++;
        if (firstError.isEmpty()) {
            firstError = "connection " + c.index + ": " + why;
        }
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "connection " + c.index + " failed: " + why);
        }
        close(c);
        finish(c);
    }

    /**
     * Closes at once rather than with asyncClose: the descriptor is free for reuse immediately, and operations
     * still outstanding complete as cancelled, which {@link #onCompletion} then ignores as stale.
     */
    private void close(Connection c) {
        c.connectQt = 0;
        c.pushQt = 0;
        c.popQt = 0;
        runner.disown(los, c.qd);
        los.close(c.qd);
    }

    private void finish(Connection c) {
        if (!c.finished) {
            c.finished = true;
            done++;
            if (c.qd >= 0 && c.qd < byQd.length && byQd[c.qd] == c) {
                byQd[c.qd] = null;
            }
        }
    }

    private Connection byQd(int qd) {
        return qd >= 0 && qd < byQd.length ? byQd[qd] : null;
    }

    private void freeStale(QResult r) {
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    @Override
    public boolean finished() {
        return done == connections.length;
    }

    /** What the run did so far. */
    public EchoReport report() {
        return new EchoReport(name(), connections.length, connected, requests, replies, intact, bytes, failures, firstError);
    }

    /** Replies that came back intact so far (cheap: no report object). */
    public long intactReplies() {
        return intact;
    }

    /** Requests every connection was asked to make, in all. */
    public long expectedRequests() {
        return (long) options.clients() * options.requests();
    }

    /** One connection's state. */
    private static final class Connection {
        final int index;
        final EchoPayload payload;
        int qd = -1;
        long connectQt;
        long pushQt;
        long popQt;
        int sent;
        boolean finished;

        Connection(int index, EchoPayload payload) {
            this.index = index;
            this.payload = payload;
        }
    }
}
