package org.margay.apps;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Predicate;
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
 * A test client speaking plain TCP bytes through PDPIX (raw stream), for servers under test on the same
 * {@link AppRunner}: it connects, pushes its pieces one after another, collects everything it receives, and closes
 * when {@code done} holds for what arrived, or at end of stream.
 */
public final class ByteStreamClient implements QueueApp {
    private final LibOS los;
    private final InetEndpoint server;
    private final List<byte[]> pieces;
    private final Predicate<byte[]> done;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private AppRunner runner;
    private int qd = -1;
    private int next;
    private boolean finished;
    private boolean endOfStream;
    private String error;

    public ByteStreamClient(LibOS los, InetEndpoint server, List<byte[]> pieces, Predicate<byte[]> done) {
        this.los = los;
        this.server = server;
        this.pieces = pieces;
        this.done = done;
    }

    @Override
    public String name() {
        return "byte-stream-client";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        qd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        runner.own(los, qd, this);
        los.connect(qd, server);
    }

    @Override
    public void onCompletion(QResult r) {
        if (finished) {
            if (r.sga() != null && r.sga().isLive()) {
                los.sgaFree(r.sga());
            }
            return;
        }
        if (!r.ok()) {
            fail(r.failedOpcode() + " failed: " + Errno.name(r.ret()));
            return;
        }
        switch (r.opcode()) {
            case CONNECT -> {
                pushNext();
                los.pop(qd);
            }
            case PUSH -> pushNext();
            case POP -> {
                Sga sga = r.sga();
                if (sga.segmentCount() == 0) {
                    los.sgaFree(sga);
                    endOfStream = true;
                    finish();
                    return;
                }
                byte[] bytes = sga.toByteArray();
                los.sgaFree(sga);
                received.writeBytes(bytes);
                if (done.test(received.toByteArray())) {
                    finish();
                } else {
                    los.pop(qd);
                }
            }
            default -> { }
        }
    }

    private void pushNext() {
        if (next >= pieces.size()) {
            return;
        }
        byte[] piece = pieces.get(next++);
        Sga sga = los.sgaAlloc(piece.length);
        sga.fill(piece);
        long qt = los.push(qd, sga);
        los.sgaFree(sga);
        if (qt < 0) {
            fail("push refused: " + Errno.name((int) -qt));
        }
    }

    private void fail(String why) {
        error = why;
        finish();
    }

    private void finish() {
        finished = true;
        runner.disown(los, qd);
        los.close(qd);
    }

    @Override
    public boolean finished() {
        return finished;
    }

    public byte[] received() {
        return received.toByteArray();
    }

    public boolean endOfStream() {
        return endOfStream;
    }

    public String error() {
        return error;
    }
}
