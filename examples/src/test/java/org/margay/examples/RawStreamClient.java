package org.margay.examples;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A test client that sends byte chunks on one raw-stream connection, one push per chunk, and keeps everything it
 * receives until the server closes the connection or {@code expectBytes} have arrived.
 */
public final class RawStreamClient implements QueueApp {
    private final LibOS los;
    private final InetEndpoint server;
    private final List<byte[]> chunks;
    private final int expectBytes;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int qd;
    private long connectQt;
    private long pushQt;
    private long popQt;
    private int next;
    private boolean closedByServer;
    private boolean finished;
    private String error = "";
    private AppRunner runner;

    public RawStreamClient(LibOS los, InetEndpoint server, List<byte[]> chunks, int expectBytes) {
        this.los = los;
        this.server = server;
        this.chunks = chunks;
        this.expectBytes = expectBytes;
    }

    @Override
    public String name() {
        return "raw-client";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        qd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        runner.own(los, qd, this);
        connectQt = los.connect(qd, server);
    }

    @Override
    public void onCompletion(QResult r) {
        if (finished) {
            free(r);
            return;
        }
        if (r.qt() == connectQt) {
            if (!r.ok()) {
                finish("connect " + r);
                return;
            }
            popQt = los.pop(qd);
            pushNext();
        } else if (r.qt() == pushQt) {
            if (!r.ok()) {
                finish("push " + r);
                return;
            }
            pushNext();
        } else if (r.qt() == popQt) {
            if (!r.ok()) {
                finish("pop " + r);
                return;
            }
            Sga s = r.sga();
            if (s.segmentCount() == 0) {
                los.sgaFree(s);
                closedByServer = true;
                finish("");
                return;
            }
            received.writeBytes(s.toByteArray());
            los.sgaFree(s);
            if (expectBytes > 0 && received.size() >= expectBytes) {
                finish("");
                return;
            }
            popQt = los.pop(qd);
        } else {
            free(r);
        }
    }

    private void pushNext() {
        if (next == chunks.size()) {
            return;
        }
        byte[] chunk = chunks.get(next++);
        Sga s = los.sgaAlloc(chunk.length).fill(chunk);
        pushQt = los.push(qd, s);
        los.sgaFree(s);
    }

    private void finish(String why) {
        error = why;
        finished = true;
        runner.disown(los, qd);
        los.close(qd);
    }

    private void free(QResult r) {
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }

    public byte[] received() {
        return received.toByteArray();
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    public String error() {
        return error;
    }
}
