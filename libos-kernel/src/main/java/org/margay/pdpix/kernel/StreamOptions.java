package org.margay.pdpix.kernel;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketOption;

/**
 * The options a TCP queue was given explicitly, kept so that they survive what NIO makes awkward: a queue's
 * channel is replaced when it starts listening (a {@code SocketChannel} becomes a {@code ServerSocketChannel},
 * which knows only {@code SO_RCVBUF} and {@code SO_REUSEADDR}) or after a failed connect (NIO closes the
 * channel), and accepted connections inherit their listener's options, as Linux's do. Also holds the queue's
 * {@link Framing}, and TCP_MAXSEG, which NIO lacks and {@link TcpMaxSegment} applies to the descriptor. Cold path.
 */
final class StreamOptions {
    private final Map<java.net.SocketOption<?>, Object> explicit = new LinkedHashMap<>();
    private Framing framing = Framing.LENGTH_PREFIXED;
    /** TCP_MAXSEG as set (0 = never set): NIO has no such option, so {@link TcpMaxSegment} applies it. */
    private int maxSegment;

    /** A copy, for a connection accepted on a listener with these options. */
    StreamOptions copy() {
        StreamOptions c = new StreamOptions();
        c.explicit.putAll(explicit);
        c.framing = framing;
        c.maxSegment = maxSegment;
        return c;
    }

    Framing framing() {
        return framing;
    }

    void framing(Framing framing) {
        this.framing = framing;
    }

    /** TCP_MAXSEG as set, or 0. */
    int maxSegment() {
        return maxSegment;
    }

    void maxSegment(int mss) {
        maxSegment = mss;
    }

    /** Records an explicitly set value. */
    void record(java.net.SocketOption<?> option, Object value) {
        explicit.put(option, value);
    }

    /** The explicitly set value, or null. */
    Object recorded(java.net.SocketOption<?> option) {
        return explicit.get(option);
    }

    /** Applies every recorded option that {@code channel} supports (all of them for a SocketChannel). */
    void applyTo(NetworkChannel channel) throws IOException {
        for (Map.Entry<java.net.SocketOption<?>, Object> e : explicit.entrySet()) {
            if (channel.supportedOptions().contains(e.getKey())) {
                set(channel, e.getKey(), e.getValue());
            }
        }
    }

    /** {@code channel.setOption(option, value)} with the types checked at run time. */
    @SuppressWarnings("unchecked")
    static void set(NetworkChannel channel, java.net.SocketOption<?> option, Object value) throws IOException {
        channel.setOption((java.net.SocketOption<Object>) option, value);
    }

    /**
     * The JDK option behind a PDPIX option, or null for FRAMING (PDPIX's own) and TCP_MAXSEG (which NIO lacks:
     * {@link TcpMaxSegment}).
     *
     * @throws PdpixException {@link Errno#ENOPROTOOPT} for unknown options
     */
    static java.net.SocketOption<?> standard(SocketOption<?> option) {
        if (option == SocketOption.TCP_NODELAY) {
            return StandardSocketOptions.TCP_NODELAY;
        }
        if (option == SocketOption.SO_KEEPALIVE) {
            return StandardSocketOptions.SO_KEEPALIVE;
        }
        if (option == SocketOption.SO_LINGER) {
            return StandardSocketOptions.SO_LINGER;
        }
        if (option == SocketOption.SO_RCVBUF) {
            return StandardSocketOptions.SO_RCVBUF;
        }
        if (option == SocketOption.SO_SNDBUF) {
            return StandardSocketOptions.SO_SNDBUF;
        }
        if (option == SocketOption.SO_REUSEADDR) {
            return StandardSocketOptions.SO_REUSEADDR;
        }
        if (option == SocketOption.FRAMING || option == SocketOption.TCP_MAXSEG) {
            return null;
        }
        throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of the kernel library OS");
    }
}
