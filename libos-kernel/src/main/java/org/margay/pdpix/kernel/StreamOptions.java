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
 * {@link Framing}. Cold path.
 */
final class StreamOptions {
    /** What a kernel queue says for {@link SocketOption#TCP_MAXSEG}. */
    static final String NO_MAXSEG = "TCP_MAXSEG cannot be set or read through JDK NIO (neither StandardSocketOptions"
            + " nor jdk.net.ExtendedSocketOptions has it on Linux, and NIO does not expose the descriptor);"
            + " the kernel chooses the MSS from the route's MTU. Use the inet library OS to set it";

    private final Map<java.net.SocketOption<?>, Object> explicit = new LinkedHashMap<>();
    private Framing framing = Framing.LENGTH_PREFIXED;

    /** A copy, for a connection accepted on a listener with these options. */
    StreamOptions copy() {
        StreamOptions c = new StreamOptions();
        c.explicit.putAll(explicit);
        c.framing = framing;
        return c;
    }

    Framing framing() {
        return framing;
    }

    void framing(Framing framing) {
        this.framing = framing;
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
     * The JDK option behind a PDPIX option, or null for FRAMING (PDPIX's own).
     *
     * @throws PdpixException {@link Errno#ENOPROTOOPT} for TCP_MAXSEG and unknown options
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
        if (option == SocketOption.FRAMING) {
            return null;
        }
        if (option == SocketOption.TCP_MAXSEG) {
            throw new PdpixException(Errno.ENOPROTOOPT, NO_MAXSEG);
        }
        throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of the kernel library OS");
    }
}
