package org.margay.storage.example;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.examples.kv.KvCommands;
import org.margay.examples.kv.KvStore;
import org.margay.examples.kv.RespCommand;
import org.margay.examples.kv.RespRequestParser;
import org.margay.examples.kv.RespWriter;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.storage.StorageLibOS;

/**
 * The persistence case of the HotOS '19 paper: the RESP key-value server of the examples, logging every {@code SET}
 * through a storage queue before it replies. Two library OSes, one application: the network one (any: kernel
 * sockets, Margay's stack, RDMA) carries the clients, the storage one the log; the server is written only against
 * PDPIX and shares one thread with both under an {@link AppRunner}.
 *
 * <h2>Per connection</h2>
 * Pop whatever bytes arrived, parse every complete command, run them in order (the store changes at once), and for
 * each {@code SET} push one log element: the command in RESP, so the log is a Redis append-only file. The replies of
 * that round go out only when every log push of the round has completed — the {@code SET}s are in the log before any
 * client hears {@code +OK}. A failed log push closes the connection without the replies.
 *
 * <h2>Recovery</h2>
 * {@link #replay} reads a log from its start and applies its {@code SET}s to a store, so a server restarted on the
 * same log has the data it acknowledged.
 */
public final class LoggingKvServer implements QueueApp {
    private final LibOS net;
    private final StorageLibOS storage;
    private final int logQd;
    private final InetEndpoint local;
    private final KvStore store;
    private final KvCommands commands;
    private final RespWriter record = new RespWriter();
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private Connection[] byQd = new Connection[64];
    private long[] logQts = new long[1024];
    private Connection[] logOwners = new Connection[1024];
    private int logHead;
    private int logCount;
    private long connections;
    private long closed;
    private long requests;
    private long logged;
    private long failures;
    private boolean stopped;

    /**
     * A server on {@code net} listening at {@code local}, logging to storage queue {@code logQd} of {@code storage},
     * over {@code store}.
     */
    public LoggingKvServer(LibOS net, InetEndpoint local, StorageLibOS storage, int logQd, KvStore store) {
        this.net = Objects.requireNonNull(net, "net");
        this.local = Objects.requireNonNull(local, "local");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.logQd = logQd;
        this.store = Objects.requireNonNull(store, "store");
        this.commands = new KvCommands(store);
    }

    /**
     * Applies every {@code SET} of the log {@code qd} (from its start) to {@code store}; returns how many elements it
     * read. Blocking: for start-up, before the server runs.
     */
    public static long replay(StorageLibOS storage, int qd, KvStore store) {
        storage.seek(qd, 0);
        RespRequestParser parser = new RespRequestParser();
        RespCommand command = new RespCommand();
        KvCommands commands = new KvCommands(store);
        RespWriter ignored = new RespWriter();
        QResult r = new QResult();
        long n = 0;
        while (true) {
            int err = storage.blockingPop(qd, r, 30_000_000_000L);
            if (err != Errno.OK) {
                throw new IllegalStateException("replaying the log failed: " + Errno.describe(err));
            }
            Sga element = r.sga();
            if (element.segmentCount() == 0) {
                storage.sgaFree(element);
                return n;
            }
            parser.feed(element);
            storage.sgaFree(element);
            while (parser.next(command) == RespRequestParser.COMMAND) {
                commands.execute(command, ignored);
                ignored.clear();
            }
            n++;
        }
    }

    @Override
    public String name() {
        return "kv-server+log";
    }

    @Override
    public void start(AppRunner appRunner) {
        this.runner = appRunner;
        listenQd = net.socket(Domain.INET, SocketType.STREAM);
        net.setsockopt(listenQd, SocketOption.FRAMING, Framing.RAW_STREAM);
        net.bind(listenQd, local);
        net.listen(listenQd, 128);
        runner.own(net, listenQd, this);
        runner.own(storage, logQd, this);
        acceptQt = net.accept(listenQd);
    }

    /** Where the server listens. */
    public InetEndpoint endpoint() {
        return net.getsockname(listenQd);
    }

    @Override
    public void onCompletion(QResult r) {
        if (r.qd() == logQd && r.failedOpcode() == Opcode.PUSH && isLogCompletion(r.qt())) {
            onLogged(r);
            return;
        }
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
            net.sgaFree(r.sga());
        }
    }

    private boolean isLogCompletion(long qt) {
        return logCount > 0 && logQts[logHead] == qt;
    }

    private void onAccept(QResult r) {
        acceptQt = 0;
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                acceptQt = net.accept(listenQd);
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
        runner.own(net, qd, this);
        pop(c);
        if (!stopped) {
            acceptQt = net.accept(listenQd);
        }
    }

    private void pop(Connection c) {
        long qt = net.pop(c.qd);
        if (qt < 0) {
            failures++;
            close(c);
            return;
        }
        c.popQt = qt;
    }

    private void onPop(Connection c, QResult r) {
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                close(c);
            }
            return;
        }
        Sga bytes = r.sga();
        if (bytes.segmentCount() == 0) {
            net.sgaFree(bytes);
            close(c);
            return;
        }
        c.parser.feed(bytes);
        net.sgaFree(bytes);
        while (!c.closeAfterReply) {
            int status = c.parser.next(c.command);
            if (status == RespRequestParser.COMMAND) {
                requests++;
                c.closeAfterReply = commands.execute(c.command, c.replies);
                if (c.command.size() == 3 && "SET".equals(c.command.name()) && !log(c)) {
                    return;
                }
            } else if (status == RespRequestParser.ERROR) {
                c.replies.error("ERR " + c.parser.error());
                c.closeAfterReply = true;
            } else {
                break;
            }
        }
        c.sent = 0;
        if (c.unlogged == 0) {
            sendReplies(c);
        }
    }

    /** Pushes the SET just run to the log; false (connection closed) when the log refused it. */
    private boolean log(Connection c) {
        record.clear();
        record.array(3).bulk("SET").bulk(c.command.arg(1)).bulk(c.command.arg(2));
        Sga element = storage.sgaAlloc(record.size());
        if (element == null) {
            failures++;
            close(c);
            return false;
        }
        element.fill(MemorySegment.ofArray(record.buffer()), 0, record.size());
        long qt = storage.push(logQd, element);
        storage.sgaFree(element);
        if (qt < 0) {
            failures++;
            close(c);
            return false;
        }
        if (logCount == logQts.length) {
            growLogRing();
        }
        int at = (logHead + logCount) % logQts.length;
        logQts[at] = qt;
        logOwners[at] = c;
        logCount++;
        c.unlogged++;
        return true;
    }

    private void growLogRing() {
        long[] qts = new long[logQts.length * 2];
        Connection[] owners = new Connection[logQts.length * 2];
        for (int i = 0; i < logCount; i++) {
            qts[i] = logQts[(logHead + i) % logQts.length];
            owners[i] = logOwners[(logHead + i) % logQts.length];
        }
        logQts = qts;
        logOwners = owners;
        logHead = 0;
    }

    /** A log push completed (they complete in log order). */
    private void onLogged(QResult r) {
        Connection c = logOwners[logHead];
        logOwners[logHead] = null;
        logHead = (logHead + 1) % logQts.length;
        logCount--;
        if (!r.ok()) {
            failures++;
            if (!c.closed) {
                close(c);       // not in the log: no reply
            }
            return;
        }
        logged++;
        c.unlogged--;
        if (c.unlogged == 0 && !c.closed) {
            sendReplies(c);
        }
    }

    private void sendReplies(Connection c) {
        int remaining = c.replies.size() - c.sent;
        if (remaining == 0) {
            c.replies.clear();
            c.sent = 0;
            if (c.closeAfterReply) {
                close(c);
            } else {
                pop(c);
            }
            return;
        }
        int n = (int) Math.min(remaining, net.maxElement());
        Sga out = net.sgaAlloc(n);
        if (out == null) {
            failures++;
            close(c);
            return;
        }
        out.fill(MemorySegment.ofArray(c.replies.buffer()), c.sent, n);
        long qt = net.push(c.qd, out);
        net.sgaFree(out);
        if (qt < 0) {
            failures++;
            close(c);
            return;
        }
        c.sent += n;
        c.pushQt = qt;
    }

    private void onPushed(Connection c, QResult r) {
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                failures++;
                close(c);
            }
            return;
        }
        sendReplies(c);
    }

    private void close(Connection c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        c.popQt = 0;
        c.pushQt = 0;
        byQd[c.qd] = null;
        runner.disown(net, c.qd);
        net.close(c.qd);
        closed++;
    }

    /** Stops accepting; open connections finish on their own. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            acceptQt = 0;
            runner.disown(net, listenQd);
            net.close(listenQd);
        }
    }

    @Override
    public boolean finished() {
        return stopped && closed >= connections && logCount == 0;
    }

    /** Commands run. */
    public long requests() {
        return requests;
    }

    /** SETs in the log (their pushes completed). */
    public long logged() {
        return logged;
    }

    /** Operations that failed (including log pushes). */
    public long failures() {
        return failures;
    }

    /** The data. */
    public KvStore store() {
        return store;
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
        int unlogged;
        boolean closeAfterReply;
        boolean closed;

        Connection(int qd) {
            this.qd = qd;
        }
    }
}
