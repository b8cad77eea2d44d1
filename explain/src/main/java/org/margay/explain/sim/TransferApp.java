package org.margay.explain.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;

/**
 * The lab's request/response application: on each of {@code connections} connections the client ("client",
 * host 1) sends {@code bytesUp} bytes to the server ("server", host 2), the server answers with {@code bytesDown}
 * bytes once it has the whole request, the client half-closes once everything it sent is acknowledged and it
 * has the whole answer, and the server closes after the client's FIN. The server can be told to start reading
 * late and then read slowly (to close the receive window), and the run can wait for TIME-WAIT to end.
 */
public final class TransferApp implements LabApp {
    private static final int CHUNK = 65536;

    /**
     * What the applications do.
     *
     * @param connections          connections opened at once
     * @param bytesUp              request bytes per connection
     * @param bytesDown            answer bytes per connection
     * @param serverPort           the port the server listens on
     * @param serverReadAfterNanos the server reads nothing until this long after the start
     * @param serverReadBytes      then at most this many bytes per read (0: everything available)
     * @param serverReadEveryNanos and reads that often (0: at every instant)
     * @param waitForTimeWaitEnd   finish only when TIME-WAIT has ended (every connection CLOSED)
     */
    public record Plan(int connections, long bytesUp, long bytesDown, int serverPort, long serverReadAfterNanos,
                       int serverReadBytes, long serverReadEveryNanos, boolean waitForTimeWaitEnd) {
        /** Checks the values. */
        public Plan {
            if (connections < 1 || connections > 1000) {
                throw new IllegalArgumentException("connections must be 1..1000: " + connections);
            }
            if (bytesUp < 0 || bytesDown < 0) {
                throw new IllegalArgumentException("byte counts must not be negative");
            }
        }

        /** {@code connections} plain request/response exchanges on port 5000. */
        public static Plan simple(int connections, long bytesUp, long bytesDown) {
            return new Plan(connections, bytesUp, bytesDown, 5000, 0, 0, 0, false);
        }
    }

    private static final class Flow {
        TcpConnection client;
        TcpConnection server;
        long upSent;
        long upReceived;
        long downSent;
        long downReceived;
        boolean clientClosed;
        boolean serverClosed;
        boolean clientEof;
        boolean serverEof;
    }

    private final Plan plan;
    private final MemorySegment pattern;
    private final MemorySegment buffer = Arena.ofAuto().allocate(CHUNK);
    private final List<Flow> flows = new ArrayList<>();
    private TcpListener listener;
    private LabHost client;
    private LabHost server;
    private long start;
    private long nextRead;
    private String problem = "";
    private long finishedAt = -1;

    /** An application following {@code plan}. */
    public TransferApp(Plan plan) {
        this.plan = plan;
        pattern = Arena.ofAuto().allocate(2 * CHUNK);
        for (int i = 0; i < 2 * CHUNK; i++) {
            pattern.set(ValueLayout.JAVA_BYTE, i, (byte) ('a' + i % 26));
        }
    }

    @Override
    public void start(LabNetwork network) {
        client = network.host("client");
        server = network.host("server");
        start = network.now();
        nextRead = start + plan.serverReadAfterNanos();
        listener = server.stack().tcp().listen(plan.serverPort(), Math.max(16, plan.connections()));
        for (int i = 0; i < plan.connections(); i++) {
            Flow f = new Flow();
            f.client = client.stack().tcp().connect(server.address(), plan.serverPort());
            flows.add(f);
        }
    }

    @Override
    public long nextWake() {
        return readsGated() ? nextRead : Long.MAX_VALUE;
    }

    private boolean readsGated() {
        return plan.serverReadAfterNanos() > 0 || plan.serverReadEveryNanos() > 0;
    }

    @Override
    public boolean step(LabNetwork network) {
        long now = network.now();
        TcpConnection accepted;
        while ((accepted = listener.accept()) != null) {
            for (Flow f : flows) {
                if (f.server == null && f.client.localPort() == accepted.remotePort()) {
                    f.server = accepted;
                    break;
                }
            }
        }
        boolean serverMayRead = now >= nextRead;
        if (serverMayRead && readsGated()) {
            nextRead = plan.serverReadEveryNanos() > 0 ? now + plan.serverReadEveryNanos() : now;
        }
        boolean done = true;
        for (Flow f : flows) {
            done &= progress(f, serverMayRead);
        }
        if (!problem.isEmpty()) {
            return true;
        }
        if (done && finishedAt < 0) {
            finishedAt = now;
        }
        return done;
    }

    private boolean progress(Flow f, boolean serverMayRead) {
        f.upSent += write(f.client, f.upSent, plan.bytesUp());
        if (!f.clientEof) {
            long got = read(f.client, Integer.MAX_VALUE);
            if (got < 0) {
                f.clientEof = true;
            } else {
                f.downReceived += got;
            }
        }
        if (f.server != null) {
            if (!f.serverEof && serverMayRead) {
                long got = read(f.server, plan.serverReadBytes() > 0 ? plan.serverReadBytes() : Integer.MAX_VALUE);
                if (got < 0) {
                    f.serverEof = true;
                } else {
                    f.upReceived += got;
                }
            }
            if (f.upReceived == plan.bytesUp()) {
                f.downSent += write(f.server, f.downSent, plan.bytesDown());
            }
            if (!f.serverClosed && f.serverEof && f.downSent == plan.bytesDown()
                    && f.server.state().synchronizedState()) {
                f.server.shutdownOutput();
                f.serverClosed = true;
            }
        }
        if (!f.clientClosed && f.upSent == plan.bytesUp() && f.downReceived == plan.bytesDown()
                && f.client.unacknowledgedBytes() == 0 && f.client.state().synchronizedState()) {
            f.client.shutdownOutput(); // RFC 9293 §3.10.4: CLOSE, our FIN after the data
            f.clientClosed = true;
        }
        for (TcpConnection c : new TcpConnection[] {f.client, f.server}) {
            if (c != null && c.state() == TcpState.CLOSED && c.error() != TcpError.NONE && problem.isEmpty()) {
                problem = "a connection failed: " + TcpError.name(c.error());
            }
        }
        return finished(f.client) && f.server != null && finished(f.server) && f.clientEof && f.serverEof;
    }

    private boolean finished(TcpConnection c) {
        return c.state() == TcpState.CLOSED || !plan.waitForTimeWaitEnd() && c.state() == TcpState.TIME_WAIT;
    }

    private long write(TcpConnection c, long sent, long total) {
        long written = 0;
        while (sent + written < total) {
            int len = (int) Math.min(CHUNK, total - sent - written);
            int taken = c.send(pattern, (sent + written) % 26, len);
            if (taken <= 0) {
                break;
            }
            written += taken;
        }
        return written;
    }

    /** Reads up to {@code most} bytes; -1 at end of stream. */
    private long read(TcpConnection c, int most) {
        long got = 0;
        while (got < most) {
            int n = c.receive(buffer, 0, (int) Math.min(CHUNK, most - got));
            if (n < 0) {
                return got == 0 ? -1 : got;
            }
            if (n == 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    @Override
    public List<String> summary() {
        long up = 0;
        long down = 0;
        for (Flow f : flows) {
            up += f.upReceived;
            down += f.downReceived;
        }
        String outcome = problem.isEmpty() ? (finishedAt >= 0 ? "every connection closed cleanly" : "not finished")
                : problem;
        return List.of(String.format(java.util.Locale.ROOT, "application: %d connection(s), %d/%d request bytes and"
                        + " %d/%d answer bytes delivered; %s", flows.size(), up, plan.bytesUp() * flows.size(), down,
                plan.bytesDown() * flows.size(), outcome));
    }

    /** Whether every byte arrived and every connection closed without an error. */
    public boolean intact() {
        if (!problem.isEmpty() || finishedAt < 0) {
            return false;
        }
        for (Flow f : flows) {
            if (f.upReceived != plan.bytesUp() || f.downReceived != plan.bytesDown()) {
                return false;
            }
        }
        return true;
    }
}
