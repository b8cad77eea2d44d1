package org.margay.device.linux;

import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;

/**
 * A TCP echo server on a Margay stack, driven one step at a time on the stack's thread: accepts one
 * connection, sends back every byte it reads, and closes once the client has closed and everything was
 * echoed.
 */
final class TcpEcho {
    private final TcpListener listener;
    private final byte[] buffer = new byte[64 * 1024];
    private TcpConnection connection;
    private int pendingStart;
    private int pendingEnd;
    private boolean peerClosed;
    private boolean closed;
    private long echoed;

    TcpEcho(TcpListener listener) {
        this.listener = listener;
    }

    /** One application step. */
    void step() {
        if (connection == null) {
            connection = listener.accept();
            if (connection == null) {
                return;
            }
        }
        if (closed) {
            return;
        }
        while (true) {
            if (pendingStart < pendingEnd) {
                int n = connection.send(buffer, pendingStart, pendingEnd - pendingStart);
                if (n <= 0) {
                    return;
                }
                pendingStart += n;
                echoed += n;
                if (pendingStart < pendingEnd) {
                    return;
                }
            }
            if (peerClosed) {
                connection.close();
                closed = true;
                return;
            }
            int n = connection.receive(buffer, 0, buffer.length);
            if (n < 0) {
                peerClosed = true;
            } else if (n == 0) {
                return;
            } else {
                pendingStart = 0;
                pendingEnd = n;
            }
        }
    }

    /** Bytes echoed so far. */
    long echoed() {
        return echoed;
    }

    /** Whether the echo finished and closed its side. */
    boolean finished() {
        return closed;
    }

    TcpConnection connection() {
        return connection;
    }

    /** Stops listening. */
    void close() {
        listener.close();
    }
}
