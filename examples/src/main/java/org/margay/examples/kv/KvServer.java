package org.margay.examples.kv;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A key-value server speaking the RESP subset of {@link KvCommands} over raw-stream TCP queues
 * ({@link Framing#RAW_STREAM}), so that ordinary Redis clients (redis-cli, redis-benchmark) can talk to it. Written
 * only against PDPIX.
 *
 * <p>Per connection: pop whatever bytes arrived, parse every complete command ({@link RespRequestParser}), run them
 * in order, push all their replies (pipelining), and pop again once the replies are taken. Malformed input gets
 * Redis's error reply ({@code -ERR Protocol error: ...}) and the connection is closed after it, as Redis does.
 */
public final class KvServer implements QueueApp {
    private final LibOS los;
    private final InetEndpoint local;
    private final KvStore store;
    private final KvCommands commands;
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private Connection[] byQd = new Connection[64];
    private long connections;
    private long closed;
    private long requests;
    private long protocolErrors;
    private long failures;
    private boolean stopped;

    /** A server for {@code los} listening on {@code local} (port 0 picks one), over a fresh store. */
    public KvServer(LibOS los, InetEndpoint local) {
        this(los, local, new KvStore());
    }

    /** A server over {@code store}. */
    public KvServer(LibOS los, InetEndpoint local, KvStore store) {
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.store = Objects.requireNonNull(store, "store");
        this.commands = new KvCommands(store);
    }

    @Override
    public String name() {
        return "kv-server";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        listenQd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(listenQd, SocketOption.FRAMING, Framing.RAW_STREAM);   // accepted queues inherit it
        los.bind(listenQd, local);
        los.listen(listenQd, 128);
        runner.own(los, listenQd, this);
        acceptQt = los.accept(listenQd);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "listening on " + los.getsockname(listenQd) + " (RESP, raw stream, " + los.name() + ")");
        }
    }

    /** Where the server listens (after {@link #start}). */
    public InetEndpoint endpoint() {
        return los.getsockname(listenQd);
    }

    /** The data. */
    public KvStore store() {
        return store;
    }

    @Override
    public void onCompletion(QResult r) {
        int qd = r.qd();
        long qt = r.qt();
        if (qd == listenQd && qt == acceptQt && qt != 0) {
            onAccept(r);
            return;
        }
        Connection c = qd >= 0 && qd < byQd.length ? byQd[qd] : null;
        if (c != null && qt == c.popQt && qt != 0) {
            c.popQt = 0;
            onPop(c, r);
        } else if (c != null && qt == c.pushQt && qt != 0) {
            c.pushQt = 0;
            onPushed(c, r);
        } else if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());   // stale: an operation of a queue closed since
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
        if (qd >= byQd.length) {
            byQd = Arrays.copyOf(byQd, Math.max(qd + 1, byQd.length * 2));
        }
        Connection c = new Connection(qd);
        byQd[qd] = c;
        runner.own(los, qd, this);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "client " + r.peer() + " connected (qd " + qd + ")");
        }
        pop(c);
        if (!stopped) {
            acceptQt = los.accept(listenQd);
        }
    }

    private void pop(Connection c) {
        long qt = los.pop(c.qd);
        if (qt < 0) {
            failures++;
            close(c, "pop refused: " + Errno.name((int) -qt));
            return;
        }
        c.popQt = qt;
    }

    private void onPop(Connection c, QResult r) {
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                close(c, "pop failed: " + Errno.name(r.ret()));
            }
            return;
        }
        Sga bytes = r.sga();
        if (bytes.segmentCount() == 0) {
            los.sgaFree(bytes);
            close(c, "client closed");
            return;
        }
        c.parser.feed(bytes);
        los.sgaFree(bytes);
        while (!c.closeAfterReply) {
            int status = c.parser.next(c.command);
            if (status == RespRequestParser.COMMAND) {
                requests++;
                c.closeAfterReply = commands.execute(c.command, c.replies);
            } else if (status == RespRequestParser.ERROR) {
                protocolErrors++;
                c.replies.error("ERR " + c.parser.error());
                c.closeAfterReply = true;
                if (runner.trace().enabled()) {
                    runner.trace().event(name(), "qd " + c.qd + " protocol error: " + c.parser.error());
                }
            } else {
                break;
            }
        }
        c.sent = 0;
        sendReplies(c);
    }

    /** Pushes the next piece of the pending replies, or moves on (pop again, or close) when all are taken. */
    private void sendReplies(Connection c) {
        int remaining = c.replies.size() - c.sent;
        if (remaining == 0) {
            c.replies.clear();
            c.sent = 0;
            if (c.closeAfterReply) {
                close(c, "closed after the reply");
            } else {
                pop(c);
            }
            return;
        }
        int n = (int) Math.min(remaining, los.maxElement());
        Sga out = los.sgaAlloc(n);
        if (out == null) {
            failures++;
            close(c, "out of elements for a " + n + "-byte reply");
            return;
        }
        out.fill(MemorySegment.ofArray(c.replies.buffer()), c.sent, n);
        long qt = los.push(c.qd, out);
        los.sgaFree(out);
        if (qt < 0) {
            failures++;
            close(c, "push refused: " + Errno.name((int) -qt));
            return;
        }
        c.sent += n;
        c.pushQt = qt;
    }

    private void onPushed(Connection c, QResult r) {
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                close(c, "push failed: " + Errno.name(r.ret()));
            }
            return;
        }
        sendReplies(c);
    }

    private void close(Connection c, String why) {
        c.popQt = 0;
        c.pushQt = 0;
        byQd[c.qd] = null;
        runner.disown(los, c.qd);
        los.close(c.qd);
        closed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "qd " + c.qd + " closed (" + why + ")");
        }
    }

    /** Stops accepting; open connections finish on their own. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            acceptQt = 0;
            runner.disown(los, listenQd);
            los.close(listenQd);
        }
    }

    @Override
    public boolean finished() {
        return stopped && closed >= connections;
    }

    /** Connections accepted. */
    public long connections() {
        return connections;
    }

    /** Commands run. */
    public long requests() {
        return requests;
    }

    /** Connections closed for malformed input. */
    public long protocolErrors() {
        return protocolErrors;
    }

    /** Operations that failed. */
    public long failures() {
        return failures;
    }

    /** One client connection. */
    private static final class Connection {
        final int qd;
        final RespRequestParser parser = new RespRequestParser();
        final RespCommand command = new RespCommand();
        final RespWriter replies = new RespWriter();
        long popQt;
        long pushQt;
        int sent;
        boolean closeAfterReply;

        Connection(int qd) {
            this.qd = qd;
        }
    }
}
