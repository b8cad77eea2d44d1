package org.margay.examples.echo;

import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * The UDP echo client: {@code clients} UDP queues, each connected to the server, send {@code requests} datagrams
 * of {@code bufferSize} bytes one at a time and check each reply. UDP does not retransmit: on a lossy path a lost
 * datagram stalls its flow until the runner gives up, and the report shows the missing replies. Written only
 * against PDPIX; making and checking datagrams allocates nothing.
 */
public final class UdpEchoClient implements QueueApp {
    /** The largest UDP payload over IPv4 (RFC 768, RFC 791: 65,535 − 20 − 8). */
    public static final int MAX_DATAGRAM = 65_507;

    private final LibOS los;
    private final TcpEchoClient.Options options;
    private final Flow[] flows;
    private Flow[] byQd = new Flow[64];
    private AppRunner runner;
    private int connected;
    private int done;
    private long requests;
    private long replies;
    private long intact;
    private long bytes;
    private long failures;
    private String firstError = "";

    /** A client of {@code los}; {@code options} as for TCP, with datagrams of at most {@link #MAX_DATAGRAM} bytes. */
    public UdpEchoClient(LibOS los, TcpEchoClient.Options options) {
        this.los = Objects.requireNonNull(los, "los");
        this.options = Objects.requireNonNull(options, "options");
        if (options.bufferSize() > MAX_DATAGRAM) {
            throw new IllegalArgumentException("a datagram holds at most " + MAX_DATAGRAM + " bytes: " + options.bufferSize());
        }
        this.flows = new Flow[options.clients()];
    }

    @Override
    public String name() {
        return "udp-echo-client";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        for (int i = 0; i < flows.length; i++) {
            Flow f = new Flow(i, new EchoPayload(options.bufferSize(), 1000 + i));
            flows[i] = f;
            f.qd = los.socket(Domain.INET, SocketType.DGRAM);
            if (f.qd >= byQd.length) {
                byQd = java.util.Arrays.copyOf(byQd, Math.max(f.qd + 1, byQd.length * 2));
            }
            byQd[f.qd] = f;
            runner.own(los, f.qd, this);
            f.connectQt = los.connect(f.qd, options.server());
            if (f.connectQt < 0) {
                fail(f, "connect refused at once: " + Errno.name((int) -f.connectQt));
            }
        }
    }

    @Override
    public void onCompletion(QResult r) {
        Flow f = r.qd() >= 0 && r.qd() < byQd.length ? byQd[r.qd()] : null;
        if (f == null || f.finished) {
            if (r.sga() != null && r.sga().isLive()) {
                los.sgaFree(r.sga());
            }
            return;
        }
        long qt = r.qt();
        if (qt == f.connectQt) {
            f.connectQt = 0;
            if (!r.ok()) {
                fail(f, "connect failed: " + Errno.name(r.ret()));
                return;
            }
            connected++;
            if (runner.trace().enabled()) {
                runner.trace().event(name(), "flow " + f.index + ": " + los.getsockname(f.qd) + " -> " + options.server());
            }
            sendNext(f);
        } else if (qt == f.pushQt) {
            f.pushQt = 0;
            if (!r.ok()) {
                fail(f, "push failed: " + Errno.name(r.ret()));
            }
        } else if (qt == f.popQt) {
            f.popQt = 0;
            onReply(f, r);
        } else if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    private void sendNext(Flow f) {
        if (f.sent == options.requests()) {
            close(f);
            return;
        }
        Sga request = f.payload.request(los, f.sent);
        if (request == null) {
            fail(f, "out of elements");
            return;
        }
        f.popQt = los.pop(f.qd);
        f.pushQt = los.push(f.qd, request);
        los.sgaFree(request);
        if (f.popQt < 0 || f.pushQt < 0) {
            fail(f, "push/pop refused: " + Errno.name((int) -Math.min(f.popQt, f.pushQt)));
            return;
        }
        f.sent++;
        requests++;
    }

    private void onReply(Flow f, QResult r) {
        if (!r.ok()) {
            fail(f, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga reply = r.sga();
        replies++;
        boolean same = f.payload.matches(reply);
        long length = reply.totalLength();
        los.sgaFree(reply);
        if (!same) {
            fail(f, "reply " + (f.sent - 1) + " differs from its request (" + length + " bytes)");
            return;
        }
        intact++;
        bytes += length;
        sendNext(f);
    }

    private void fail(Flow f, String why) {
        failures++;
        if (firstError.isEmpty()) {
            firstError = "flow " + f.index + ": " + why;
        }
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "flow " + f.index + " failed: " + why);
        }
        close(f);
    }

    private void close(Flow f) {
        f.connectQt = 0;
        f.pushQt = 0;
        f.popQt = 0;
        runner.disown(los, f.qd);
        los.close(f.qd);
        byQd[f.qd] = null;
        f.finished = true;
        done++;
    }

    @Override
    public boolean finished() {
        return done == flows.length;
    }

    /** What the run did so far. */
    public EchoReport report() {
        return new EchoReport(name(), flows.length, connected, requests, replies, intact, bytes, failures, firstError);
    }

    /** Requests every flow was asked to make, in all. */
    public long expectedRequests() {
        return (long) options.clients() * options.requests();
    }

    /** One UDP flow's state. */
    private static final class Flow {
        final int index;
        final EchoPayload payload;
        int qd = -1;
        long connectQt;
        long pushQt;
        long popQt;
        int sent;
        boolean finished;

        Flow(int index, EchoPayload payload) {
            this.index = index;
            this.payload = payload;
        }
    }
}
