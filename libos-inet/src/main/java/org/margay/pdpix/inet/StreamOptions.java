package org.margay.pdpix.inet;

import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketOption;

/**
 * The socket options of one STREAM queue and how they map onto the TCP engine. Accepted queues start with a
 * copy of their listener's.
 *
 * <p>What the engine offers today: the TCP settings of a connection are the stack's {@link TcpConfig}, fixed
 * for every connection (per-connection knobs are requested from net-tcp). So:
 * <ul>
 *   <li>{@link SocketOption#FRAMING}, {@link SocketOption#SO_LINGER} and {@link SocketOption#SO_REUSEADDR} are
 *       this library OS's own and fully honoured;</li>
 *   <li>{@link SocketOption#TCP_NODELAY} and {@link SocketOption#SO_KEEPALIVE} read the stack's setting; setting
 *       the value the stack already uses succeeds, setting the other one fails with {@link Errno#ENOPROTOOPT}
 *       saying which configuration key sets it for the whole library OS (a silent no-op would lie);</li>
 *   <li>{@link SocketOption#SO_RCVBUF} and {@link SocketOption#SO_SNDBUF} read back the stack's buffer size; a
 *       value up to it is honoured (the buffer is at least that large), a larger one fails with
 *       {@link Errno#ENOPROTOOPT} naming the key that sets it for every connection;</li>
 *   <li>{@link SocketOption#TCP_MAXSEG} reads back the MSS in use (the stack's before the handshake, the
 *       connection's effective one after); a value at or above it is honoured (segments are never larger), a
 *       smaller one fails with {@link Errno#ENOPROTOOPT}.</li>
 * </ul>
 * So an option either reads back what was asked (or better: a buffer at least as large, segments no larger) or
 * is refused; it is never silently ignored.
 * Cold path.
 */
final class StreamOptions {
    Framing framing = Framing.LENGTH_PREFIXED;
    /** Seconds; negative = off (graceful close), 0 = abort with RST on close. */
    int lingerSeconds = -1;
    boolean reuseAddress;
    /** Hints recorded for the day the engine takes them per connection (0 = none given). */
    int receiveBufferHint;
    int sendBufferHint;
    int maxSegmentHint;

    /** A copy for a connection accepted from a listener with these options. */
    StreamOptions copy() {
        StreamOptions c = new StreamOptions();
        c.framing = framing;
        c.lingerSeconds = lingerSeconds;
        c.reuseAddress = reuseAddress;
        c.receiveBufferHint = receiveBufferHint;
        c.sendBufferHint = sendBufferHint;
        c.maxSegmentHint = maxSegmentHint;
        return c;
    }

    /** Sets {@code option} (FRAMING is checked by the queue first); {@code what} describes the queue for messages. */
    <T> void set(SocketOption<T> option, T value, TcpConfig stack, String what) {
        if (option == SocketOption.FRAMING) {
            framing = (Framing) value;
        } else if (option == SocketOption.SO_LINGER) {
            lingerSeconds = Math.max(-1, (Integer) value);
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuseAddress = (Boolean) value;
        } else if (option == SocketOption.TCP_NODELAY) {
            requireStackValue(option, (Boolean) value, stack.noDelay(), "inet.tcp.nodelay", what);
        } else if (option == SocketOption.SO_KEEPALIVE) {
            requireStackValue(option, (Boolean) value, stack.keepAlive(), "inet.tcp.keepalive", what);
        } else if (option == SocketOption.SO_RCVBUF) {
            receiveBufferHint = atMost(option, (Integer) value, stack.receiveBufferSize(), "inet.tcp.rcvbuf", what);
        } else if (option == SocketOption.SO_SNDBUF) {
            sendBufferHint = atMost(option, (Integer) value, stack.sendBufferSize(), "inet.tcp.sndbuf", what);
        } else if (option == SocketOption.TCP_MAXSEG) {
            int mss = (Integer) value;
            if (mss < TcpConfig.MIN_MSS || mss > TcpConfig.MAX_MSS) {
                throw new PdpixException(Errno.EINVAL, "TCP_MAXSEG must be in " + TcpConfig.MIN_MSS + ".." + TcpConfig.MAX_MSS + ": " + mss);
            }
            if (mss < stack.mss()) {
                throw new PdpixException(Errno.ENOPROTOOPT, "TCP_MAXSEG=" + mss + " on " + what
                        + ": the TCP engine has no per-connection MSS yet; this library OS announces " + stack.mss()
                        + " (set inet.tcp.mss for every connection)");
            }
            maxSegmentHint = mss;
        } else {
            throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + what);
        }
    }

    /** Reads {@code option}: this queue's own values, or what the engine really uses. */
    @SuppressWarnings("unchecked")
    <T> T get(SocketOption<T> option, TcpConfig stack, TcpConnection connection, String what) {
        Object v;
        if (option == SocketOption.FRAMING) {
            v = framing;
        } else if (option == SocketOption.SO_LINGER) {
            v = lingerSeconds;
        } else if (option == SocketOption.SO_REUSEADDR) {
            v = reuseAddress;
        } else if (option == SocketOption.TCP_NODELAY) {
            v = stack.noDelay();
        } else if (option == SocketOption.SO_KEEPALIVE) {
            v = stack.keepAlive();
        } else if (option == SocketOption.SO_RCVBUF) {
            v = stack.receiveBufferSize();
        } else if (option == SocketOption.SO_SNDBUF) {
            v = stack.sendBufferSize();
        } else if (option == SocketOption.TCP_MAXSEG) {
            v = connection != null && connection.state().synchronizedState() ? connection.effectiveMss() : stack.mss();
        } else {
            throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + what);
        }
        return (T) v;
    }

    private static void requireStackValue(SocketOption<?> option, boolean wanted, boolean inUse, String key, String what) {
        if (wanted != inUse) {
            throw new PdpixException(Errno.ENOPROTOOPT, option + "=" + wanted + " on " + what
                    + ": the TCP engine has no per-connection switch yet; this library OS runs with " + option + "="
                    + inUse + " (set " + key + "=" + wanted + " in its configuration to change it for every connection)");
        }
    }

    private static int atMost(SocketOption<?> option, int value, int inUse, String key, String what) {
        if (value <= 0) {
            throw new PdpixException(Errno.EINVAL, option + " must be positive: " + value);
        }
        if (value > inUse) {
            throw new PdpixException(Errno.ENOPROTOOPT, option + "=" + value + " on " + what
                    + ": the TCP engine has no per-connection buffer size yet; every connection has " + inUse
                    + " bytes (set " + key + " in the configuration to change it)");
        }
        return value;
    }
}
