package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.packetdrill.Profile;
import org.margay.packetdrill.script.EventBody;
import org.margay.packetdrill.script.Expr;
import org.margay.stack.InetStack;

/**
 * The small blocking-compatible socket layer the scripts' system calls map onto: file descriptors over the
 * engine's {@link TcpListener}s and {@link TcpConnection}s, with POSIX return values and errno names. A call is
 * compiled once ({@link #compile}: arguments checked, unsupported calls and options refused before the script
 * runs) into an {@link Attempt}; the runner attempts it at its time and, while it would block on a blocking socket,
 * again after every poll of the stack, so it returns at the virtual instant the stack makes it possible.
 *
 * <p>Semantics follow Linux (the FreeBSD profile differs only where noted): {@code close} with unread data aborts
 * the connection with a reset (RFC 1122 §4.2.2.13, RFC 2525 §2.17), as does {@code SO_LINGER} with a zero timeout;
 * {@code write} after {@code shutdown(SHUT_WR)} or on a reset connection fails with EPIPE (the pending error first);
 * {@code read} after {@code SHUT_RD} returns 0; SO_RCVBUF/SO_SNDBUF set before listen/connect size that connection's
 * buffers (doubled on Linux) and TCP_MAXSEG its MSS, through the engine's per-connection configuration (a
 * listener's children inherit the listener's); TCP_NODELAY and SO_KEEPALIVE also apply to an open connection.
 */
final class SocketLayer {
    /** One attempt at a compiled system call. */
    interface Attempt {
        Outcome attempt() throws ScriptFailure, UnsupportedFeature;
    }

    /** Where the layer gets its stack and reports what it cannot apply. */
    interface Host {
        /** The stack, built (on first use) from the current knobs plus {@code sock}'s options. */
        InetStack stackFor(Sock sock) throws UnsupportedFeature;

        /** The stack if built, else null. */
        InetStack stackOrNull();

        /** A connection became the socket under test (accepted or connecting). */
        void underTest(Sock sock);

        /** Something accepted but not applied, for the run's notes. */
        void note(String text);

        /** The engine configuration {@code sock} would get if the stack were built for it now. */
        TcpConfig preview(Sock sock);
    }

    private static final Set<String> SEND_FLAGS_OK = Set.of("0", "MSG_DONTWAIT", "MSG_NOSIGNAL", "MSG_MORE");
    private static final int CHUNK = 64 * 1024;
    private static final byte[] ZEROS = new byte[CHUNK];
    private static final byte[] SINK = new byte[CHUNK];

    private final Profile profile;
    private final Host host;
    private final Map<Integer, Sock> fds = new TreeMap<>();
    private final SocketOptions options;

    SocketLayer(Profile profile, Host host) {
        this.profile = profile;
        this.host = host;
        this.options = new SocketOptions(this, profile, host);
    }

    /** The host (the stack and notes). */
    Host host() {
        return host;
    }

    /** The socket behind {@code fd}, or null. */
    Sock get(int fd) {
        return fds.get(fd);
    }

    /** Every open socket. */
    List<Sock> all() {
        return new ArrayList<>(fds.values());
    }

    // =========================================================================================================
    // Compilation
    // =========================================================================================================

    /** Checks {@code call}'s name and arguments and returns the attempt that performs it. */
    Attempt compile(EventBody.Syscall call) throws UnsupportedFeature, ScriptFailure {
        List<Expr> a = call.args();
        String name = call.name();
        return switch (name) {
            case "socket" -> socket(a, call.result());
            case "bind" -> {
                int fd = fdArg(a, 3, name);
                yield () -> {
                    Sock s = sock(fd);
                    if (s == null) {
                        return Outcome.Done.error("EBADF");
                    }
                    s.bound = true;
                    return Outcome.Done.ok(0);
                };
            }
            case "listen" -> listen(a);
            case "accept", "accept4" -> accept(a, call.result());
            case "connect" -> connect(a);
            case "read" -> read(fdArg(a, 3, name), count(a, 2, name), Set.of());
            case "recv" -> read(fdArg(a, 4, name), count(a, 2, name), flags(a.get(3), name));
            case "write" -> write(fdArg(a, 3, name), count(a, 2, name), Set.of());
            case "send" -> write(fdArg(a, 4, name), count(a, 2, name), flags(a.get(3), name));
            case "close" -> close(fdArg(a, 1, name));
            case "shutdown" -> shutdown(a);
            case "setsockopt" -> options.setsockopt(a);
            case "getsockopt" -> options.getsockopt(a);
            case "fcntl" -> options.fcntl(a);
            case "ioctl" -> options.ioctl(a);
            case "poll" -> PollCall.compile(this, a);
            default -> throw new UnsupportedFeature("system call " + name + "() is not modelled by the socket layer");
        };
    }

    Sock sock(int fd) {
        return fds.get(fd);
    }

    static int fdArg(List<Expr> a, int arity, String name) throws ScriptFailure {
        if (a.size() != arity) {
            throw new ScriptFailure(name + "() takes " + arity + " arguments, the script gives " + a.size());
        }
        if (!(a.get(0) instanceof Expr.Num n)) {
            throw new ScriptFailure(name + "(): the file descriptor must be a number, not " + a.get(0).describe());
        }
        return (int) n.value();
    }

    private static int count(List<Expr> a, int index, String name) throws ScriptFailure {
        if (!(a.get(index) instanceof Expr.Num n) || n.value() < 0 || n.value() > Integer.MAX_VALUE) {
            throw new ScriptFailure(name + "(): the byte count must be a non-negative number");
        }
        return (int) n.value();
    }

    /** The symbol names of a flags argument ({@code 0}, {@code MSG_PEEK}, {@code A|B}). */
    static Set<String> flags(Expr e, String name) throws ScriptFailure {
        Set<String> out = new java.util.HashSet<>();
        switch (e) {
            case Expr.Num n -> {
                if (n.value() != 0) {
                    out.add("0x" + Long.toHexString(n.value()));
                }
            }
            case Expr.Sym s -> out.add(s.name());
            case Expr.BitOr o -> {
                for (Expr t : o.terms()) {
                    out.addAll(flags(t, name));
                }
            }
            default -> throw new ScriptFailure(name + "(): cannot read flags " + e.describe());
        }
        return out;
    }

    static String symbol(Expr e) {
        return e instanceof Expr.Sym s ? s.name() : e.describe();
    }

    /** The integer inside {@code [N]} or {@code N}, or a named errno inside {@code [ENAME]}. */
    static Expr unwrap(Expr e) {
        if (e instanceof Expr.Array arr && arr.elements().size() == 1) {
            return arr.elements().get(0);
        }
        return e;
    }

    // =========================================================================================================
    // socket, listen, accept, connect
    // =========================================================================================================

    private Attempt socket(List<Expr> a, Expr expected) throws UnsupportedFeature, ScriptFailure {
        if (a.size() != 3) {
            throw new ScriptFailure("socket() takes 3 arguments");
        }
        Set<String> type = flags(a.get(1), "socket");
        if (!type.contains("SOCK_STREAM")) {
            throw new UnsupportedFeature("socket type " + a.get(1).describe() + ": only TCP (SOCK_STREAM) sockets are"
                    + " modelled");
        }
        String domain = symbol(a.get(0));
        if (domain.equals("AF_INET6") || domain.equals("PF_INET6")) {
            throw new UnsupportedFeature("IPv6 sockets: Margay's stack is IPv4");
        }
        boolean nonBlocking = type.contains("SOCK_NONBLOCK");
        return () -> {
            int fd = newFd(expected);
            Sock s = new Sock(fd);
            s.nonBlocking = nonBlocking;
            fds.put(fd, s);
            return Outcome.Done.ok(fd);
        };
    }

    /** packetdrill maps the script's fd numbers to live ones: the number the script expects, when free. */
    private int newFd(Expr expected) {
        if (expected instanceof Expr.Num n && n.value() >= 0 && n.value() < 1 << 16
                && !fds.containsKey((int) n.value())) {
            return (int) n.value();
        }
        int fd = 3;
        while (fds.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    private Attempt listen(List<Expr> a) throws ScriptFailure {
        int fd = fdArg(a, 2, "listen");
        int backlog = a.get(1) instanceof Expr.Num n ? (int) Math.max(1, Math.min(n.value(), 1 << 16)) : 128;
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            if (s.connection != null) {
                return Outcome.Done.error("EINVAL");
            }
            if (s.listener == null) {
                InetStack stack = host.stackFor(s);
                try {
                    s.listener = stack.tcp().listen(0, Endpoints.SERVER_PORT, backlog, host.preview(s));
                } catch (IllegalStateException e) {
                    return Outcome.Done.error("EADDRINUSE");
                }
            }
            return Outcome.Done.ok(0);
        };
    }

    private Attempt accept(List<Expr> a, Expr expected) throws ScriptFailure {
        if (a.isEmpty() || !(a.get(0) instanceof Expr.Num n)) {
            throw new ScriptFailure("accept(): the first argument must be a file descriptor");
        }
        int fd = (int) n.value();
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            if (s.listener == null) {
                return Outcome.Done.error("EINVAL");
            }
            TcpConnection c = s.listener.accept();
            if (c == null) {
                return s.nonBlocking ? Outcome.Done.error("EAGAIN") : Outcome.BLOCKED;
            }
            int child = newFd(expected);
            Sock cs = new Sock(child);
            cs.connection = c;
            cs.accepted = true;
            cs.lingerOn = s.lingerOn;
            cs.lingerSeconds = s.lingerSeconds;
            fds.put(child, cs);
            host.underTest(cs);
            return Outcome.Done.ok(child);
        };
    }

    private Attempt connect(List<Expr> a) throws ScriptFailure {
        int fd = fdArg(a, 3, "connect");
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            if (s.listener != null) {
                return Outcome.Done.error("EISCONN");
            }
            if (s.connection == null) {
                InetStack stack = host.stackFor(s);
                s.connection = stack.tcp().connect(0, 0, Endpoints.REMOTE_IP, Endpoints.SERVER_PORT, host.preview(s));
                host.underTest(s);
                if (s.nonBlocking) {
                    s.connectInProgress = true;
                    return Outcome.Done.error("EINPROGRESS");
                }
            }
            TcpConnection c = s.connection;
            if (c.state() == TcpState.SYN_SENT || c.state() == TcpState.SYN_RECEIVED) {
                return s.nonBlocking ? Outcome.Done.error(s.connectInProgress ? "EALREADY" : "EINPROGRESS")
                        : Outcome.BLOCKED;
            }
            if (c.state() == TcpState.CLOSED && c.error() != TcpError.NONE) {
                String err = consumeError(s);
                return Outcome.Done.error(err == null ? errno(c.error()) : err);
            }
            if (s.connectInProgress) {
                s.connectInProgress = false;
                return Outcome.Done.error("EISCONN");
            }
            s.connectInProgress = false;
            return Outcome.Done.ok(0);
        };
    }

    // =========================================================================================================
    // read, write
    // =========================================================================================================

    private Attempt read(int fd, int count, Set<String> flags) throws UnsupportedFeature {
        for (String f : flags) {
            if (!f.equals("MSG_PEEK") && !f.equals("MSG_DONTWAIT") && !f.equals("MSG_WAITALL")) {
                throw new UnsupportedFeature("recv flag " + f + " is not modelled");
            }
        }
        boolean peek = flags.contains("MSG_PEEK");
        boolean dontWait = flags.contains("MSG_DONTWAIT");
        if (flags.contains("MSG_WAITALL")) {
            throw new UnsupportedFeature("recv flag MSG_WAITALL is not modelled");
        }
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            TcpConnection c = s.connection;
            if (c == null) {
                return Outcome.Done.error(s.listener != null ? "ENOTCONN" : "ENOTCONN");
            }
            if (s.shutRead || count == 0) {
                return Outcome.Done.ok(0);
            }
            int available = c.readableBytes();
            if (available > 0) {
                if (peek) {
                    return Outcome.Done.ok(Math.min(count, available));
                }
                int total = 0;
                while (total < count) {
                    int n = c.receive(SINK, 0, Math.min(CHUNK, count - total));
                    if (n <= 0) {
                        break;
                    }
                    total += n;
                }
                return Outcome.Done.ok(total);
            }
            String err = consumeError(s);
            if (err != null) {
                return Outcome.Done.error(err);
            }
            if (c.eof() || c.state() == TcpState.CLOSED || !c.state().canReceive()
                    && c.state() != TcpState.SYN_SENT && c.state() != TcpState.SYN_RECEIVED) {
                return Outcome.Done.ok(0);
            }
            return s.nonBlocking || dontWait ? Outcome.Done.error("EAGAIN") : Outcome.BLOCKED;
        };
    }

    private Attempt write(int fd, int count, Set<String> flags) throws UnsupportedFeature {
        for (String f : flags) {
            if (f.equals("MSG_EOR")) {
                throw new UnsupportedFeature("send flag MSG_EOR: the engine's send buffer keeps no record boundaries");
            }
            if (!SEND_FLAGS_OK.contains(f)) {
                throw new UnsupportedFeature("send flag " + f + " is not modelled");
            }
        }
        boolean dontWait = flags.contains("MSG_DONTWAIT");
        int[] written = {0};
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            TcpConnection c = s.connection;
            if (c == null) {
                return Outcome.Done.error(s.listener != null ? "ENOTCONN" : "EPIPE");
            }
            if (s.shutWrite) {
                return Outcome.Done.error("EPIPE");
            }
            if (c.state() == TcpState.CLOSED) {
                String err = consumeError(s);
                return Outcome.Done.error(err != null ? err : "EPIPE");
            }
            while (written[0] < count) {
                int n = c.send(ZEROS, 0, Math.min(CHUNK, count - written[0]));
                if (n < 0) {
                    String err = consumeError(s);
                    return written[0] > 0 ? Outcome.Done.ok(written[0]) : Outcome.Done.error(err != null ? err : "EPIPE");
                }
                if (n == 0) {
                    break;
                }
                written[0] += n;
            }
            if (written[0] == count) {
                return Outcome.Done.ok(count);
            }
            if (s.nonBlocking || dontWait) {
                return written[0] > 0 ? Outcome.Done.ok(written[0]) : Outcome.Done.error("EAGAIN");
            }
            return Outcome.BLOCKED;
        };
    }

    // =========================================================================================================
    // close, shutdown
    // =========================================================================================================

    private Attempt close(int fd) {
        return () -> {
            Sock s = fds.remove(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            if (s.listener != null) {
                s.listener.close();
            }
            TcpConnection c = s.connection;
            if (c != null && c.state() != TcpState.CLOSED) {
                if (c.readableBytes() > 0 && !s.shutRead) {
                    // RFC 1122 §4.2.2.13 and RFC 2525 §2.17: closing with unread data resets the connection.
                    c.abort();
                } else if (s.lingerOn && s.lingerSeconds == 0) {
                    c.abort(); // SO_LINGER with a zero timeout: abortive close
                } else {
                    c.close(true); // POSIX close: the application reads no more (RFC 1122 §4.2.2.13)
                }
            }
            return Outcome.Done.ok(0);
        };
    }

    private Attempt shutdown(List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        int fd = fdArg(a, 2, "shutdown");
        String how = symbol(a.get(1));
        boolean rd = how.equals("SHUT_RD") || how.equals("SHUT_RDWR") || how.equals("0") || how.equals("2");
        boolean wr = how.equals("SHUT_WR") || how.equals("SHUT_RDWR") || how.equals("1") || how.equals("2");
        if (!rd && !wr) {
            throw new UnsupportedFeature("shutdown how=" + how);
        }
        return () -> {
            Sock s = sock(fd);
            if (s == null) {
                return Outcome.Done.error("EBADF");
            }
            TcpConnection c = s.connection;
            if (c == null || c.state() == TcpState.CLOSED || c.state() == TcpState.SYN_SENT) {
                return Outcome.Done.error("ENOTCONN");
            }
            if (rd) {
                s.shutRead = true;
            }
            if (wr && !s.shutWrite) {
                s.shutWrite = true;
                c.shutdownOutput();
            }
            return Outcome.Done.ok(0);
        };
    }

    // =========================================================================================================
    // Errors
    // =========================================================================================================

    /**
     * The socket's pending error (SO_ERROR), consumed: the error that ended the connection, reported once (as Linux
     * reports sk_err once). ICMP soft errors are not reported (Linux keeps them in sk_err_soft, which SO_ERROR does
     * not read), nor the ECONNABORTED of our own abort.
     */
    String consumeError(Sock s) {
        TcpConnection c = s.connection;
        if (s.pendingError == null && c != null && c.state() == TcpState.CLOSED && c.error() != TcpError.NONE
                && c.error() != TcpError.ECONNABORTED && !errorReported.contains(c)) {
            s.pendingError = errno(c.error());
        }
        String e = s.pendingError;
        if (e != null && c != null) {
            errorReported.add(c);
        }
        s.pendingError = null;
        return e;
    }

    /** Whether the error that ended {@code c} is still to be reported (for poll's POLLERR). */
    boolean errorPending(TcpConnection c) {
        return c.state() == TcpState.CLOSED && c.error() != TcpError.NONE && c.error() != TcpError.ECONNABORTED
                && !errorReported.contains(c);
    }

    private final Set<TcpConnection> errorReported =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** The errno name of an engine error code. */
    static String errno(int code) {
        return switch (code) {
            case TcpError.ECONNREFUSED -> "ECONNREFUSED";
            case TcpError.ECONNRESET -> "ECONNRESET";
            case TcpError.ETIMEDOUT -> "ETIMEDOUT";
            case TcpError.EPIPE -> "EPIPE";
            case TcpError.ECONNABORTED -> "ECONNABORTED";
            case TcpError.EHOSTUNREACH -> "EHOSTUNREACH";
            case TcpError.ENETUNREACH -> "ENETUNREACH";
            case TcpError.ENOPROTOOPT -> "ENOPROTOOPT";
            case TcpError.EMSGSIZE -> "EMSGSIZE";
            default -> TcpError.name(code);
        };
    }
}
