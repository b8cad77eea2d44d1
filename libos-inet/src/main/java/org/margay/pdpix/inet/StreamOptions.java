package org.margay.pdpix.inet;

import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpLayer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketOption;

/**
 * The socket options of one STREAM queue and how they map onto the TCP engine's per-connection settings.
 * Accepted queues start with a copy of their listener's.
 *
 * <ul>
 *   <li>{@link SocketOption#FRAMING}, {@link SocketOption#SO_LINGER} and {@link SocketOption#SO_REUSEADDR} are
 *       this library OS's own.</li>
 *   <li>Before connect or listen, {@link SocketOption#TCP_NODELAY}, {@link SocketOption#SO_KEEPALIVE},
 *       {@link SocketOption#SO_RCVBUF}, {@link SocketOption#SO_SNDBUF} and {@link SocketOption#TCP_MAXSEG} are
 *       recorded and become the connection's {@link TcpConfig} ({@link #connectionConfig}), or the one every
 *       connection accepted from the listener starts with. Options not set keep the stack's configuration.</li>
 *   <li>Afterwards TCP_NODELAY and SO_KEEPALIVE change the live connection (on a listener: connections accepted
 *       from then on). Buffer sizes and the MSS are fixed once the engine has sized the buffers and announced the
 *       MSS (RFC 9293 §3.7.1: the MSS option is sent only in the SYN): a later value the connection already
 *       meets (a buffer at least that large, segments no larger) is accepted, another fails with
 *       {@link Errno#EISCONN} (connection) or {@link Errno#EINVAL} (listener) saying to set it before.</li>
 *   <li>Buffer sizes are clamped to [{@value #MIN_BUFFER}, {@value #MAX_BUFFER}] bytes, as Linux clamps to its
 *       minimum and {@code rmem_max}/{@code wmem_max}; TCP_MAXSEG must be in [{@value TcpConfig#MIN_MSS},
 *       {@value TcpConfig#MAX_MSS}] (else {@link Errno#EINVAL}) and is clamped to the stack's MSS, which the
 *       link's MTU bounds: it can lower the MSS, never raise it.</li>
 *   <li>getsockopt reports what is in effect: the live connection's settings (its negotiated sending MSS once
 *       synchronized), the listener's children's, or what a connection opened now would use.</li>
 * </ul>
 * Cold path (only {@link #connectionConfig} runs per connect, and allocates only when an option was set).
 */
final class StreamOptions {
    /** The smallest buffer the engine accepts. */
    static final int MIN_BUFFER = 1024;
    /** The largest buffer a socket option may ask for: 16 MiB per direction per connection (memory is per connection). */
    static final int MAX_BUFFER = 16 << 20;

    Framing framing = Framing.LENGTH_PREFIXED;
    /** Seconds; negative = off (graceful close), 0 = abort with RST on close. */
    int lingerSeconds = -1;
    boolean reuseAddress;
    private boolean noDelaySet;
    private boolean noDelay;
    private boolean keepAliveSet;
    private boolean keepAlive;
    /** Bytes; 0 = the stack's. */
    private int receiveBuffer;
    private int sendBuffer;
    private int maxSegment;

    /** A copy for a connection accepted from a listener with these options. */
    StreamOptions copy() {
        StreamOptions c = new StreamOptions();
        c.framing = framing;
        c.lingerSeconds = lingerSeconds;
        c.reuseAddress = reuseAddress;
        c.noDelaySet = noDelaySet;
        c.noDelay = noDelay;
        c.keepAliveSet = keepAliveSet;
        c.keepAlive = keepAlive;
        c.receiveBuffer = receiveBuffer;
        c.sendBuffer = sendBuffer;
        c.maxSegment = maxSegment;
        return c;
    }

    /**
     * The settings a connection opened (or accepted) with these options gets: the stack's {@code base} itself
     * when no TCP option was set, else {@code base} with the options applied and clamped by the layer.
     */
    TcpConfig connectionConfig(TcpLayer layer) {
        TcpConfig base = layer.config();
        if (!noDelaySet && !keepAliveSet && receiveBuffer == 0 && sendBuffer == 0 && maxSegment == 0) {
            return base;
        }
        TcpConfig.Builder b = base.toBuilder();
        if (noDelaySet) {
            b.noDelay(noDelay);
        }
        if (keepAliveSet) {
            b.keepAlive(keepAlive);
        }
        if (receiveBuffer != 0) {
            b.receiveBufferSize(receiveBuffer);
        }
        if (sendBuffer != 0) {
            b.sendBufferSize(sendBuffer);
        }
        if (maxSegment != 0) {
            b.mss(maxSegment);
        }
        return layer.perConnection(b.build());
    }

    /** Makes a freshly accepted {@code connection} follow NODELAY/KEEPALIVE set on the listener after it listened. */
    void applyLive(TcpConnection connection) {
        if (noDelaySet && connection.noDelay() != noDelay) {
            connection.noDelay(noDelay);
        }
        if (keepAliveSet && connection.keepAlive() != keepAlive) {
            connection.keepAlive(keepAlive);
        }
    }

    /**
     * Sets {@code option} (FRAMING is checked by the queue first). {@code connection} is the queue's connection
     * and {@code children} its listener's children's settings (both null before connect or listen);
     * {@code what} describes the queue for messages.
     */
    <T> void set(SocketOption<T> option, T value, TcpLayer layer, TcpConnection connection, TcpConfig children,
                 String what) {
        if (option == SocketOption.FRAMING) {
            framing = (Framing) value;
        } else if (option == SocketOption.SO_LINGER) {
            lingerSeconds = Math.max(-1, (Integer) value);
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuseAddress = (Boolean) value;
        } else if (option == SocketOption.TCP_NODELAY) {
            noDelaySet = true;
            noDelay = (Boolean) value;
            if (connection != null) {
                connection.noDelay(noDelay); // any time; turning it on releases data Nagle held back
            }
        } else if (option == SocketOption.SO_KEEPALIVE) {
            keepAliveSet = true;
            keepAlive = (Boolean) value;
            if (connection != null) {
                connection.keepAlive(keepAlive); // any time (RFC 1122 §4.2.3.6)
            }
        } else if (option == SocketOption.SO_RCVBUF) {
            int size = clampBuffer(option, (Integer) value);
            TcpConfig fixed = fixed(connection, children);
            if (fixed == null) {
                receiveBuffer = size;
            } else if (size > fixed.receiveBufferSize()) {
                throw tooLate(option, value, fixed.receiveBufferSize(), connection, what);
            }
        } else if (option == SocketOption.SO_SNDBUF) {
            int size = clampBuffer(option, (Integer) value);
            TcpConfig fixed = fixed(connection, children);
            if (fixed == null) {
                sendBuffer = size;
            } else if (size > fixed.sendBufferSize()) {
                throw tooLate(option, value, fixed.sendBufferSize(), connection, what);
            }
        } else if (option == SocketOption.TCP_MAXSEG) {
            int mss = (Integer) value;
            if (mss < TcpConfig.MIN_MSS || mss > TcpConfig.MAX_MSS) {
                throw new PdpixException(Errno.EINVAL, "TCP_MAXSEG must be in " + TcpConfig.MIN_MSS + ".."
                        + TcpConfig.MAX_MSS + ": " + mss);
            }
            TcpConfig fixed = fixed(connection, children);
            if (fixed == null) {
                maxSegment = mss;
            } else {
                int inUse = connection != null ? currentMss(connection) : fixed.mss();
                if (mss < inUse) {
                    throw tooLate(option, value, inUse, connection, what);
                }
            }
        } else {
            throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + what);
        }
    }

    /** Reads {@code option}: this queue's own values, or what the engine really uses. */
    @SuppressWarnings("unchecked")
    <T> T get(SocketOption<T> option, TcpLayer layer, TcpConnection connection, TcpConfig children, String what) {
        Object v;
        if (option == SocketOption.FRAMING) {
            v = framing;
        } else if (option == SocketOption.SO_LINGER) {
            v = lingerSeconds;
        } else if (option == SocketOption.SO_REUSEADDR) {
            v = reuseAddress;
        } else if (option == SocketOption.TCP_NODELAY) {
            v = connection != null ? connection.noDelay() : noDelaySet ? noDelay : effective(layer, children).noDelay();
        } else if (option == SocketOption.SO_KEEPALIVE) {
            v = connection != null ? connection.keepAlive()
                    : keepAliveSet ? keepAlive : effective(layer, children).keepAlive();
        } else if (option == SocketOption.SO_RCVBUF) {
            v = connection != null ? connection.config().receiveBufferSize()
                    : effective(layer, children).receiveBufferSize();
        } else if (option == SocketOption.SO_SNDBUF) {
            v = connection != null ? connection.config().sendBufferSize() : effective(layer, children).sendBufferSize();
        } else if (option == SocketOption.TCP_MAXSEG) {
            v = connection != null ? currentMss(connection) : effective(layer, children).mss();
        } else {
            throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + what);
        }
        return (T) v;
    }

    /** The listener's children's settings, or what a connection opened now would use. */
    private TcpConfig effective(TcpLayer layer, TcpConfig children) {
        return children != null ? children : connectionConfig(layer);
    }

    /** The connection's sending MSS once synchronized (after the peer's MSS option), else the one it announces. */
    private static int currentMss(TcpConnection connection) {
        return connection.state().synchronizedState() ? connection.effectiveMss() : connection.config().mss();
    }

    /** The settings already in force (buffers sized, MSS announced), or null while they can still change. */
    private static TcpConfig fixed(TcpConnection connection, TcpConfig children) {
        return connection != null ? connection.config() : children;
    }

    private static int clampBuffer(SocketOption<?> option, int value) {
        if (value <= 0) {
            throw new PdpixException(Errno.EINVAL, option + " must be positive: " + value);
        }
        return Math.clamp(value, MIN_BUFFER, MAX_BUFFER);
    }

    private static PdpixException tooLate(SocketOption<?> option, Object value, int inUse, TcpConnection connection,
                                          String what) {
        boolean connected = connection != null;
        return new PdpixException(connected ? Errno.EISCONN : Errno.EINVAL, option + "=" + value + " on " + what
                + ": fixed at " + inUse + " once the queue " + (connected ? "connects" : "listens")
                + "; set it before connect or listen");
    }
}
