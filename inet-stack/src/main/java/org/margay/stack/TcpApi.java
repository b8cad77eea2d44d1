package org.margay.stack;

import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;

/**
 * The application's TCP handle on a stack (before PDPIX): passive and active opens. The connections and
 * listeners returned are the engine's own objects: {@link TcpConnection#send}, {@link TcpConnection#receive},
 * {@link TcpConnection#close()} and {@link TcpListener#accept()} are the rest of the API. Everything runs on the
 * stack's thread; output goes out at the next {@link InetStack#poll()}.
 *
 * <p>Per-connection settings (socket options set before connect or listen: buffer sizes, MSS, Nagle, keep-alive)
 * go in a {@link TcpConfig} given to {@link #connect(int, int, int, int, TcpConfig)} or
 * {@link #listen(int, int, int, TcpConfig)}; {@link #perConnection(TcpConfig)} says what such a connection
 * really uses (the MSS is clamped to the stack's, which the link MTU bounds). Nagle and keep-alive also change
 * on a live connection ({@link TcpConnection#noDelay(boolean)}, {@link TcpConnection#keepAlive(boolean)}).
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

    /**
     * Opens a connection from {@code localIp:localPort} (0 = the address that routes there / an ephemeral port)
     * with its own settings ({@code perConnection}, null = the stack's). The connection's clock starts at the
     * clock's present reading, not at the last poll's.
     *
     * @throws IllegalStateException when the 4-tuple is in use or no ephemeral port is free
     */
    public TcpConnection connect(int localIp, int localPort, int remoteIp, int remotePort, TcpConfig perConnection) {
        int source = localIp != 0 ? localIp : stack.sourceFor(remoteIp);
        return stack.tcpLayer().connect(stack.clockNow(), source, localPort, remoteIp, remotePort, perConnection);
    }

    /**
     * Listens on {@code localIp:port} (0 = every address) with an accept queue of {@code backlog}; every connection
     * accepted starts with {@code childConfig} (null = the stack's settings).
     *
     * @throws IllegalStateException when something already listens there
     */
    public TcpListener listen(int localIp, int port, int backlog, TcpConfig childConfig) {
        return stack.tcpLayer().listen(localIp, port, backlog, childConfig);
    }

    /** What a connection asking for {@code requested} really uses (MSS clamped to the stack's); null = the stack's. */
    public TcpConfig perConnection(TcpConfig requested) {
        return stack.tcpLayer().perConnection(requested);
    }

    /** Connections the engine holds (every state but CLOSED). */
    public int connectionCount() {
        return stack.tcpLayer().connectionCount();
    }
}
