package org.margay.examples.kv;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
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
 * A RESP client that sends a script of commands to a key-value server over one raw-stream connection and collects
 * the replies: one command at a time, or all of them at once (pipelined, in one element). The replies, printed as
 * redis-cli prints them, are what the portability test compares across library OSes. Written only against PDPIX.
 */
public final class KvClient implements QueueApp {
    private final LibOS los;
    private final InetEndpoint server;
    private final List<String[]> script;
    private final boolean pipelined;
    private final List<RespValue> replies = new ArrayList<>();
    private final RespReplyParser parser = new RespReplyParser();
    private AppRunner runner;
    private int qd = -1;
    private long connectQt;
    private long pushQt;
    private long popQt;
    private int sent;
    private boolean finished;
    private String error = "";

    /** A client of {@code los} that will send {@code script} (each entry a command's words) to {@code server}. */
    public KvClient(LibOS los, InetEndpoint server, List<String[]> script, boolean pipelined) {
        this.los = Objects.requireNonNull(los, "los");
        this.server = Objects.requireNonNull(server, "server");
        this.script = List.copyOf(script);
        this.pipelined = pipelined;
    }

    @Override
    public String name() {
        return "kv-client";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        qd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        runner.own(los, qd, this);
        connectQt = los.connect(qd, server);
        if (connectQt < 0) {
            fail("connect refused at once: " + Errno.name((int) -connectQt));
        }
    }

    @Override
    public void onCompletion(QResult r) {
        long qt = r.qt();
        if (finished || qt == 0) {
            freeStale(r);
        } else if (qt == connectQt) {
            connectQt = 0;
            if (!r.ok()) {
                fail("connect to " + server + " failed: " + Errno.name(r.ret()));
                return;
            }
            if (runner.trace().enabled()) {
                runner.trace().event(name(), "connected " + los.getsockname(qd) + " -> " + server);
            }
            popQt = los.pop(qd);
            send();
        } else if (qt == pushQt) {
            pushQt = 0;
            if (!r.ok()) {
                fail("push failed: " + Errno.name(r.ret()));
            }
        } else if (qt == popQt) {
            popQt = 0;
            onBytes(r);
        } else {
            freeStale(r);
        }
    }

    /** Sends the next command, or every command when pipelined. */
    private void send() {
        if (sent == script.size()) {
            return;
        }
        RespWriter w = new RespWriter();
        int upTo = pipelined ? script.size() : sent + 1;
        for (int i = sent; i < upTo; i++) {
            w.command(script.get(i));
            if (runner.trace().enabled()) {
                runner.trace().event(name(), "< " + String.join(" ", script.get(i)));
            }
        }
        if (w.size() > los.maxElement()) {
            fail("the script's requests (" + w.size() + " bytes) do not fit one element");
            return;
        }
        Sga out = los.sgaAlloc(w.size());
        if (out == null) {
            fail("out of elements");
            return;
        }
        out.fill(MemorySegment.ofArray(w.buffer()), 0, w.size());
        pushQt = los.push(qd, out);
        los.sgaFree(out);
        if (pushQt < 0) {
            fail("push refused: " + Errno.name((int) -pushQt));
            return;
        }
        sent = upTo;
    }

    private void onBytes(QResult r) {
        if (!r.ok()) {
            fail("pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga bytes = r.sga();
        if (bytes.segmentCount() == 0) {
            los.sgaFree(bytes);
            if (replies.size() < script.size()) {
                fail("the server closed the connection after " + replies.size() + " replies");
            } else {
                close();
            }
            return;
        }
        parser.feed(bytes);
        los.sgaFree(bytes);
        try {
            for (RespValue v = parser.next(); v != null; v = parser.next()) {
                replies.add(v);
                if (runner.trace().enabled()) {
                    runner.trace().event(name(), "> " + v);
                }
                if (!pipelined && replies.size() == sent) {
                    send();
                }
            }
        } catch (IllegalArgumentException malformed) {
            fail("malformed reply: " + malformed.getMessage());
            return;
        }
        if (replies.size() >= script.size()) {
            close();
        } else {
            popQt = los.pop(qd);
        }
    }

    private void fail(String why) {
        if (error.isEmpty()) {
            error = why;
        }
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "failed: " + why);
        }
        close();
    }

    private void close() {
        if (!finished) {
            finished = true;
            connectQt = 0;
            pushQt = 0;
            popQt = 0;
            runner.disown(los, qd);
            los.close(qd);
        }
    }

    private void freeStale(QResult r) {
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }

    /** The replies received, in order. */
    public List<RespValue> replies() {
        return List.copyOf(replies);
    }

    /** The first error, or empty. */
    public String error() {
        return error;
    }
}
