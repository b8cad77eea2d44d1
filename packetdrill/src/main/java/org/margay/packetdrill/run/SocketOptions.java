package org.margay.packetdrill.run;

import java.util.List;
import java.util.Set;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;
import org.margay.packetdrill.Profile;
import org.margay.packetdrill.script.Expr;
import org.margay.stack.InetStack;

/**
 * The option and control calls of the {@link SocketLayer}: {@code setsockopt}, {@code getsockopt}, {@code fcntl} and
 * {@code ioctl}. Options set before the socket listens or connects are kept on the {@link Sock} and configure the
 * stack when it is built; set later, they are accepted and noted as not applied. {@code getsockopt} compares the
 * script's expected value with the stack's and fails the call on a difference.
 */
final class SocketOptions {
    private final SocketLayer layer;
    private final Profile profile;
    private final SocketLayer.Host host;

    SocketOptions(SocketLayer layer, Profile profile, SocketLayer.Host host) {
        this.layer = layer;
        this.profile = profile;
        this.host = host;
    }

    SocketLayer.Attempt setsockopt(List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        if (a.size() != 5) {
            throw new ScriptFailure("setsockopt() takes 5 arguments");
        }
        int fd = SocketLayer.fdArg(a.subList(0, 1), 1, "setsockopt");
        String option = SocketLayer.symbol(a.get(2));
        Expr value = SocketLayer.unwrap(a.get(3));
        switch (option) {
            case "SO_REUSEADDR", "SO_REUSEPORT" -> {
                return () -> layer.sock(fd) == null ? Outcome.Done.error("EBADF") : Outcome.Done.ok(0);
            }
            case "SO_LINGER" -> {
                if (!(value instanceof Expr.Struct st) || !(st.field("onoff") instanceof Expr.Num on)
                        || !(st.field("linger") instanceof Expr.Num secs)) {
                    throw new ScriptFailure("SO_LINGER needs {onoff=N, linger=N}");
                }
                return () -> {
                    Sock s = layer.sock(fd);
                    if (s == null) {
                        return Outcome.Done.error("EBADF");
                    }
                    s.lingerOn = on.value() != 0;
                    s.lingerSeconds = (int) secs.value();
                    return Outcome.Done.ok(0);
                };
            }
            case "TCP_NODELAY", "TCP_MAXSEG", "SO_RCVBUF", "SO_SNDBUF", "SO_KEEPALIVE", "TCP_USER_TIMEOUT", "TCP_NOOPT" -> {
                if (!(value instanceof Expr.Num n)) {
                    throw new ScriptFailure(option + " needs a numeric value, not " + value.describe());
                }
                long v = n.value();
                return () -> {
                    Sock s = layer.sock(fd);
                    if (s == null) {
                        return Outcome.Done.error("EBADF");
                    }
                    if (option.equals("TCP_MAXSEG") && (v < 88 || v > TcpConfig.MAX_MSS)
                            || option.equals("TCP_USER_TIMEOUT") && (v < 0 || v > Integer.MAX_VALUE)) {
                        return Outcome.Done.error("EINVAL");
                    }
                    switch (option) {
                        case "TCP_NODELAY" -> s.noDelay = v != 0;
                        case "TCP_MAXSEG" -> s.maxSegment = (int) v;
                        case "SO_RCVBUF" -> s.receiveBuffer = profile.socketBuffer(v);
                        case "SO_SNDBUF" -> s.sendBuffer = profile.socketBuffer(v);
                        case "TCP_USER_TIMEOUT" -> s.userTimeoutMillis = v; // milliseconds (RFC 5482)
                        case "TCP_NOOPT" -> s.noOptions = v != 0; // FreeBSD: a SYN without options
                        default -> s.keepAlive = v != 0;
                    }
                    TcpConnection c = s.connection;
                    if (c != null && option.equals("TCP_NODELAY")) {
                        c.noDelay(v != 0); // per connection, at any time (RFC 1122 §4.2.3.4)
                    } else if (c != null && option.equals("SO_KEEPALIVE")) {
                        c.keepAlive(v != 0); // RFC 1122 §4.2.3.6
                    } else if (c != null && option.equals("TCP_USER_TIMEOUT")) {
                        c.userTimeoutNanos(v * 1_000_000L); // RFC 5482 §3: may change at any time
                    } else if (s.listener != null || c != null) {
                        host.note("setsockopt(" + fd + ", " + option + ", " + v + ") on an open socket is accepted but"
                                + " not applied: a connection's rings and MSS are fixed when it opens");
                    }
                    return Outcome.Done.ok(0);
                };
            }
            default -> throw new UnsupportedFeature("socket option " + option + " is not modelled");
        }
    }

    SocketLayer.Attempt getsockopt(List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        if (a.size() != 5) {
            throw new ScriptFailure("getsockopt() takes 5 arguments");
        }
        int fd = SocketLayer.fdArg(a.subList(0, 1), 1, "getsockopt");
        String option = SocketLayer.symbol(a.get(2));
        Expr expected = SocketLayer.unwrap(a.get(3));
        if (!Set.of("SO_ERROR", "TCP_MAXSEG", "SO_RCVBUF", "SO_SNDBUF", "TCP_NODELAY").contains(option)) {
            throw new UnsupportedFeature("getsockopt " + option + " is not modelled");
        }
        return () -> {
            Sock s = layer.sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            String actual;
            String want = expected.describe();
            switch (option) {
                case "SO_ERROR" -> {
                    String err = layer.consumeError(s);
                    actual = err == null ? "0" : err;
                }
                case "TCP_MAXSEG" -> actual = Long.toString(maxSegment(s));
                case "SO_RCVBUF" -> actual = Long.toString(buffer(s, true));
                case "SO_SNDBUF" -> actual = Long.toString(buffer(s, false));
                default -> actual = Long.toString(s.connection != null ? (s.connection.noDelay() ? 1 : 0)
                        : tcpConfigFor(s).noDelay() ? 1 : 0);
            }
            if (!(expected instanceof Expr.Ellipsis) && !want.equals(actual)) {
                throw new ScriptFailure("getsockopt(" + fd + ", " + option + "): expected [" + want + "] but the"
                        + " stack has [" + actual + "]");
            }
            return Outcome.Done.ok(0);
        };
    }

    private long maxSegment(Sock s) {
        TcpConnection c = s.connection;
        if (c != null && c.state() != TcpState.SYN_SENT && c.state() != TcpState.CLOSED) {
            return c.effectiveMss();
        }
        if (s.maxSegment != null) {
            return s.maxSegment;
        }
        return 536; // RFC 9293 §3.7.1's default send MSS before a connection, as Linux reports it
    }

    private long buffer(Sock s, boolean receive) {
        Integer set = receive ? s.receiveBuffer : s.sendBuffer;
        if (set != null && s.connection == null && s.listener == null) {
            return set;
        }
        // What the connection (or a listener's children) really uses: FreeBSD rounds the receive buffer to the MSS.
        TcpConfig c = s.connection != null ? s.connection.config()
                : s.listener != null ? s.listener.childConfig() : tcpConfigFor(s);
        return receive ? c.receiveBufferSize() : c.sendBufferSize();
    }

    private TcpConfig tcpConfigFor(Sock s) {
        InetStack stack = host.stackOrNull();
        if (stack != null && (s.connection != null || s.listener != null)) {
            return stack.tcpLayer().config();
        }
        return host.preview(s);
    }

    SocketLayer.Attempt fcntl(List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        if (a.size() < 2) {
            throw new ScriptFailure("fcntl() takes at least 2 arguments");
        }
        int fd = SocketLayer.fdArg(a.subList(0, 1), 1, "fcntl");
        String cmd = SocketLayer.symbol(a.get(1));
        switch (cmd) {
            case "F_GETFL" -> {
                return () -> {
                    Sock s = layer.sock(fd);
                    if (s == null) {
                        return Outcome.Done.error("EBADF");
                    }
                    return Outcome.Done.ok(2 | (s.nonBlocking ? profile.nonBlockFlag() : 0)); // O_RDWR = 2
                };
            }
            case "F_SETFL" -> {
                if (a.size() != 3) {
                    throw new ScriptFailure("fcntl(F_SETFL) takes 3 arguments");
                }
                Set<String> f = SocketLayer.flags(a.get(2), "fcntl");
                boolean nb = f.contains("O_NONBLOCK") || f.contains("0x" + Long.toHexString(profile.nonBlockFlag()));
                return () -> {
                    Sock s = layer.sock(fd);
                    if (s == null) {
                        return Outcome.Done.error("EBADF");
                    }
                    s.nonBlocking = nb;
                    return Outcome.Done.ok(0);
                };
            }
            case "F_GETFD", "F_SETFD" -> {
                return () -> layer.sock(fd) == null ? Outcome.Done.error("EBADF") : Outcome.Done.ok(0);
            }
            default -> throw new UnsupportedFeature("fcntl command " + cmd + " is not modelled");
        }
    }

    SocketLayer.Attempt ioctl(List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        int fd = SocketLayer.fdArg(a, 3, "ioctl");
        String request = SocketLayer.symbol(a.get(1));
        if (!Set.of("SIOCINQ", "FIONREAD", "SIOCOUTQ", "TIOCOUTQ").contains(request)) {
            throw new UnsupportedFeature("ioctl " + request + " is not modelled");
        }
        Expr expected = SocketLayer.unwrap(a.get(2));
        return () -> {
            Sock s = layer.sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            TcpConnection c = s.connection;
            long value = c == null ? 0 : request.equals("SIOCINQ") || request.equals("FIONREAD")
                    ? c.readableBytes() : c.unacknowledgedBytes();
            if (!(expected instanceof Expr.Ellipsis) && !expected.describe().equals(Long.toString(value))) {
                throw new ScriptFailure("ioctl(" + fd + ", " + request + "): expected [" + expected.describe()
                        + "] but the stack has [" + value + "]");
            }
            return Outcome.Done.ok(0);
        };
    }

}
