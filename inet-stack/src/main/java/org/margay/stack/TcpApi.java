package org.margay.stack;

import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;

/**
 * The application's TCP handle on a stack (before PDPIX): passive and active opens. The connections and
 * listeners returned are the engine's own objects: {@link TcpConnection#send}, {@link TcpConnection#receive},
 * {@link TcpConnection#close()} and {@link TcpListener#accept()} are the rest of the API. Everything runs on the
 * stack's thread; output goes out at the next {@link InetStack#poll()}.
 */
public final class TcpApi {
    private final InetStack stack;

    TcpApi(InetStack stack) {
        this.stack = stack;
    }

    /** Listens on {@code port} on every address of the stack with an accept queue of {@code backlog}. */
    public TcpListener listen(int port, int backlog) {
        return stack.tcpLayer().listen(0, port, backlog);
    }

    /**
     * Opens a connection to {@code remoteIp:remotePort} from an ephemeral port on the address that routes
     * there; the SYN goes out at the next poll.
     */
    public TcpConnection connect(int remoteIp, int remotePort) {
        return connect(0, remoteIp, remotePort);
    }

    /** Opens a connection from {@code localPort} (0 = ephemeral) to {@code remoteIp:remotePort}. */
    public TcpConnection connect(int localPort, int remoteIp, int remotePort) {
        return stack.tcpLayer().connect(stack.now(), stack.sourceFor(remoteIp), localPort, remoteIp, remotePort);
    }

    /** Connections the engine holds (every state but CLOSED). */
    public int connectionCount() {
        return stack.tcpLayer().connectionCount();
    }
}
