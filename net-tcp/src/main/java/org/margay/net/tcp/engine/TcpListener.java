package org.margay.net.tcp.engine;

/**
 * A passive OPEN (RFC 9293 §3.10.1, state LISTEN): a local address (0 = any) and port, the half-open children in
 * SYN-RECEIVED (at most {@link TcpConfig#synBacklog()}, beyond which SYN cookies answer, RFC 4987 §3.6) and the
 * accept queue of established connections (at most {@code backlog}).
 *
 * <p>What must stay true: {@link #pending()} never exceeds the backlog; a child is counted half-open from its SYN
 * until it is established or dies. The accept queue is a fixed ring: nothing allocates per connection here.
 */
public final class TcpListener {
    private final TcpLayer layer;
    private final int localIp;
    private final int localPort;
    private final int backlog;
    private final TcpConfig childConfig;
    private final TcpConnection[] queue;
    private int head;
    private int count;
    int halfOpen;
    private boolean closed;
    private Runnable onAcceptable;

    TcpListener(TcpLayer layer, int localIp, int localPort, int backlog, TcpConfig childConfig) {
        this.layer = layer;
        this.childConfig = childConfig;
        this.localIp = localIp;
        this.localPort = localPort;
        this.backlog = backlog;
        this.queue = new TcpConnection[backlog];
    }

    /** The local address listened on (0 = any). */
    public int localIp() {
        return localIp;
    }

    /** The local port. */
    public int localPort() {
        return localPort;
    }

    /** Always {@link TcpState#LISTEN} until {@link #close()}, then CLOSED. */
    public TcpState state() {
        return closed ? TcpState.CLOSED : TcpState.LISTEN;
    }

    /** Established connections waiting for {@link #accept()}. */
    public int pending() {
        return count;
    }

    /** Children in SYN-RECEIVED. */
    public int halfOpen() {
        return halfOpen;
    }

    /** The settings every accepted child starts with (the layer's unless given at listen, MSS clamped). */
    public TcpConfig childConfig() {
        return childConfig;
    }

    /** The accept-queue limit. */
    public int backlog() {
        return backlog;
    }

    /** Takes the oldest established connection, or null when none waits. */
    public TcpConnection accept() {
        while (count > 0) {
            TcpConnection c = queue[head];
            queue[head] = null;
            head = (head + 1) % queue.length;
            count--;
            if (c.state() != TcpState.CLOSED) {
                return c;
            }
        }
        return null;
    }

    /** A callback run (synchronously) whenever a connection enters the accept queue; null for none. */
    public void onAcceptable(Runnable callback) {
        onAcceptable = callback;
    }

    /** Stops listening; connections already queued are aborted, half-open children too. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        layer.removeListener(this);
        TcpConnection c;
        while ((c = accept()) != null) {
            c.abort();
        }
    }

    boolean acceptQueueFull() {
        return count >= backlog;
    }

    boolean isClosed() {
        return closed;
    }

    void onChildEstablished(TcpConnection child) {
        halfOpen--;
        if (closed || count >= backlog) {
            layer.stats.acceptQueueOverflows++;
            child.abort();
            return;
        }
        enqueue(child);
    }

    void enqueue(TcpConnection child) {
        queue[(head + count) % queue.length] = child;
        count++;
        if (onAcceptable != null) {
            onAcceptable.run();
        }
    }

    void onChildDied(TcpConnection child) {
        halfOpen--;
    }
}
