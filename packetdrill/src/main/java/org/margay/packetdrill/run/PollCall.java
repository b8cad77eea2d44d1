package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;
import org.margay.packetdrill.script.Expr;
import org.margay.stack.InetStack;

/**
 * {@code poll([{fd=N, events=..., revents=...}, ...], nfds, timeout_ms)} over the {@link SocketLayer}'s sockets,
 * with Linux's event bits: readable data or end of stream (POLLIN, POLLRDHUP), writable (POLLOUT), a pending error
 * (POLLERR), both directions shut or the connection gone (POLLHUP). With no event and a non-zero timeout the call
 * blocks (the runner retries it after every poll of the stack) until an event or the timeout in virtual time.
 */
final class PollCall {
    private PollCall() {
    }

    private static final int POLLIN = 0x001;
    private static final int POLLPRI = 0x002;
    private static final int POLLOUT = 0x004;
    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;
    private static final int POLLNVAL = 0x020;
    private static final int POLLRDNORM = 0x040;
    private static final int POLLWRNORM = 0x100;
    private static final int POLLRDHUP = 0x2000;

    private static int pollBit(String name) throws UnsupportedFeature {
        return switch (name) {
            case "0" -> 0;
            case "POLLIN" -> POLLIN;
            case "POLLPRI" -> POLLPRI;
            case "POLLOUT" -> POLLOUT;
            case "POLLERR" -> POLLERR;
            case "POLLHUP" -> POLLHUP;
            case "POLLNVAL" -> POLLNVAL;
            case "POLLRDNORM" -> POLLRDNORM;
            case "POLLWRNORM" -> POLLWRNORM;
            case "POLLRDHUP" -> POLLRDHUP;
            default -> throw new UnsupportedFeature("poll event " + name + " is not modelled");
        };
    }

    private static int pollMask(Expr e) throws UnsupportedFeature, ScriptFailure {
        int m = 0;
        for (String f : SocketLayer.flags(e, "poll")) {
            m |= f.startsWith("0x") ? Integer.parseInt(f.substring(2), 16) : pollBit(f);
        }
        return m;
    }

    static SocketLayer.Attempt compile(SocketLayer layer, List<Expr> a) throws ScriptFailure, UnsupportedFeature {
        if (a.size() != 3 || !(a.get(0) instanceof Expr.Array list) || !(a.get(2) instanceof Expr.Num timeout)) {
            throw new ScriptFailure("poll() takes [{fd=..., events=..., revents=...}, ...], nfds, timeout_ms");
        }
        List<int[]> entries = new ArrayList<>(); // fd, events, expected revents (-1 = any)
        for (Expr e : list.elements()) {
            if (!(e instanceof Expr.Struct st) || !(st.field("fd") instanceof Expr.Num fd) || st.field("events") == null) {
                throw new ScriptFailure("poll(): each entry must be {fd=N, events=..., revents=...}");
            }
            Expr rev = st.field("revents");
            entries.add(new int[] {(int) fd.value(), pollMask(st.field("events")),
                    rev == null || rev instanceof Expr.Ellipsis ? -1 : pollMask(rev)});
        }
        long timeoutMs = timeout.value();
        return new SocketLayer.Attempt() {
            private long startNanos = -1;

            @Override
            public Outcome attempt() throws ScriptFailure {
                int ready = 0;
                int[] actual = new int[entries.size()];
                for (int i = 0; i < entries.size(); i++) {
                    int[] en = entries.get(i);
                    actual[i] = revents(layer, en[0], en[1]);
                    if (actual[i] != 0) {
                        ready++;
                    }
                }
                if (ready == 0 && timeoutMs != 0) {
                    // Blocks until an event or the timeout (the runner retries after every poll of the stack).
                    InetStack stack = layer.host().stackOrNull();
                    long now = stack == null ? 0 : stack.now();
                    if (startNanos < 0) {
                        startNanos = now;
                    }
                    if (timeoutMs < 0 || now - startNanos < timeoutMs * 1_000_000L) {
                        return Outcome.BLOCKED;
                    }
                }
                for (int i = 0; i < entries.size(); i++) {
                    int want = entries.get(i)[2];
                    if (want >= 0 && want != actual[i]) {
                        throw new ScriptFailure("poll(): fd " + entries.get(i)[0] + " revents expected 0x"
                                + Integer.toHexString(want) + " but the stack gives 0x" + Integer.toHexString(actual[i]));
                    }
                }
                return Outcome.Done.ok(ready);
            }
        };
    }

    private static int revents(SocketLayer layer, int fd, int events) {
        Sock s = layer.sock(fd);
        if (s == null) {
            return POLLNVAL;
        }
        int r = 0;
        if (s.listener != null) {
            if (s.listener.pending() > 0) {
                r |= POLLIN | POLLRDNORM;
            }
        } else if (s.connection != null) {
            TcpConnection c = s.connection;
            boolean closed = c.state() == TcpState.CLOSED;
            if (c.readable() || s.shutRead) {
                r |= POLLIN | POLLRDNORM;
            }
            if (c.eof()) {
                r |= POLLRDHUP;
            }
            if (c.writable() && c.state().synchronizedState()) {
                r |= POLLOUT | POLLWRNORM;
            }
            if (layer.errorPending(c)) {
                // The error is still to be reported by SO_ERROR, read or write.
                r |= POLLERR;
            }
            if (closed || (c.eof() && s.shutWrite)) {
                r |= POLLHUP;
                if (closed) {
                    r |= POLLIN | POLLRDNORM;
                }
            }
        } else {
            r |= POLLOUT | POLLHUP; // Linux: an unconnected stream socket
        }
        return r & (events | POLLERR | POLLHUP | POLLNVAL);
    }

}
