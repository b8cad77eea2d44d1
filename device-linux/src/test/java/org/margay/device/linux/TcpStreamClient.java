package org.margay.device.linux;

import java.io.ByteArrayOutputStream;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;

/**
 * A Margay-side client: streams {@code data} over a connection, closes its sending side when done, and
 * collects what comes back until end of stream. Driven one step at a time on the stack's thread.
 */
final class TcpStreamClient {
    private final TcpConnection connection;
    private final byte[] data;
    private final byte[] chunk = new byte[64 * 1024];
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private int sent;
    private boolean shutdown;
    private boolean eof;

    TcpStreamClient(TcpConnection connection, byte[] data) {
        this.connection = connection;
        this.data = data;
    }

    void step() {
        if (sent < data.length) {
            int n = connection.send(data, sent, data.length - sent);
            if (n > 0) {
                sent += n;
            }
        }
        if (sent == data.length && !shutdown && connection.state() == TcpState.ESTABLISHED) {
            connection.shutdownOutput();
            shutdown = true;
        }
        while (!eof) {
            int n = connection.receive(chunk, 0, chunk.length);
            if (n < 0) {
                eof = true;
                connection.close();
            } else if (n == 0) {
                break;
            } else {
                received.write(chunk, 0, n);
            }
        }
    }

    boolean done() {
        return eof;
    }

    byte[] received() {
        return received.toByteArray();
    }

    @Override
    public String toString() {
        return "client sent " + sent + "/" + data.length + " received " + received.size() + " eof " + eof + " "
                + connection;
    }
}
