package org.margay.pdpix;

import java.util.Objects;

/**
 * A typed socket option for {@link LibOS#setsockopt} and {@link LibOS#getsockopt}: the constants are the
 * options every library OS must understand (a library OS that cannot honour one throws
 * {@link PdpixException} with {@link Errno#ENOPROTOOPT}).
 *
 * @param <T> the option's value type
 */
public final class SocketOption<T> {
    /** Disable Nagle's algorithm (RFC 9293 §3.7.4) so small pushes leave at once. STREAM only. */
    public static final SocketOption<Boolean> TCP_NODELAY = new SocketOption<>("TCP_NODELAY", Boolean.class);
    /** Send keepalive probes on an idle connection (RFC 9293 §3.8.4, RFC 1122 §4.2.3.6). STREAM only. */
    public static final SocketOption<Boolean> SO_KEEPALIVE = new SocketOption<>("SO_KEEPALIVE", Boolean.class);
    /**
     * Linger on close, in seconds: negative = off (close returns at once and unsent data is still delivered),
     * 0 = abort with RST on close, positive = close waits up to that long for the data to be acknowledged.
     */
    public static final SocketOption<Integer> SO_LINGER = new SocketOption<>("SO_LINGER", Integer.class);
    /** Receive buffer size in bytes (the advertised window's ceiling). */
    public static final SocketOption<Integer> SO_RCVBUF = new SocketOption<>("SO_RCVBUF", Integer.class);
    /** Send buffer size in bytes. */
    public static final SocketOption<Integer> SO_SNDBUF = new SocketOption<>("SO_SNDBUF", Integer.class);
    /** Maximum segment size to announce and use (RFC 9293 §3.7.1, RFC 6691). STREAM only. */
    public static final SocketOption<Integer> TCP_MAXSEG = new SocketOption<>("TCP_MAXSEG", Integer.class);
    /** Allow binding a port that a connection in TIME-WAIT still uses. */
    public static final SocketOption<Boolean> SO_REUSEADDR = new SocketOption<>("SO_REUSEADDR", Boolean.class);
    /** PDPIX's own: how elements travel on a STREAM queue ({@link Framing}). */
    public static final SocketOption<Framing> FRAMING = new SocketOption<>("PDPIX_FRAMING", Framing.class);

    private final String name;
    private final Class<T> type;

    private SocketOption(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    /** The option's name, as in C ({@code "TCP_NODELAY"}). */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** {@code value} checked against the type, for library OSes. */
    public T cast(Object value) {
        Objects.requireNonNull(value, () -> name + " value");
        if (!type.isInstance(value)) {
            throw new PdpixException(Errno.EINVAL, name + " takes a " + type.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
