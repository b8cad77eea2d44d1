package org.margay.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpConnectionListener;
import org.margay.net.tcp.engine.TcpError;
import org.margay.net.tcp.engine.TcpLayerStats;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.tcp.engine.TcpStats;
import org.margay.netsim.LinkProfile;
import org.margay.netsim.PortOptions;
import org.margay.stack.StackConfig;

/**
 * Two hosts exchange pseudo-random bytes ({@code bytesUp} client to server, {@code bytesDown} back) over each of
 * {@code connections} TCP connections, then close cleanly; every byte is checked on arrival. The client
 * (10.0.0.1) opens every connection at once to the server (10.0.0.2, port 5000); the client half-closes once
 * everything it sent is acknowledged and it received everything, the server after the client's FIN and its own last byte, so data flows
 * while both are ESTABLISHED.
 *
 * <p>The bytes of stream {@code s} at position {@code i} are {@code block[(offset(s) + i) mod 65521]} of a
 * 64 KiB random block drawn from the seed: a prime period that no segment size divides, so a misplaced,
 * duplicated or lost byte range shows as a mismatch. Run with {@link #run()}; the result is a {@link SimReport}.
 */
public final class TransferScenario {
    private static final int PERIOD = 65521; // prime
    private static final int SERVER_PORT = 5000;
    private static final int CHUNK = 65536;

    private final Options options;

    /**
     * What to run.
     *
     * @param connections        concurrent connections
     * @param bytesUp            bytes the client sends on each connection
     * @param bytesDown          bytes the server sends on each connection
     * @param seed               seeds the payload, the impairments and the TCP keys
     * @param latencyNanos       one-way link latency (each host's link to the switch; a path crosses two)
     * @param bandwidthBitsPerSecond link speed ({@link LinkProfile#UNLIMITED} for none)
     * @param impairment         what goes wrong on each host's uplink, so once on every path (its seed is
     *                           replaced by the run's); one corrupting hop per frame keeps every corruption a
     *                           single bit flip, which the checksums always detect
     * @param tcp                TCP settings of both hosts
     * @param timeLimitNanos     virtual time after which the run is declared failed
     * @param waitForTimeWait    whether to run until TIME-WAIT has expired too (every connection CLOSED)
     * @param captureClient      where to record the client's link as pcapng, or null
     * @param mtu                MTU of both hosts' ports and stacks (the MSS follows)
     * @param trace              where to print TCP state transitions and every frame of the client's link
     *                           (tcpdump style, as {@code margay decode}), or null
     */
    public record Options(int connections, long bytesUp, long bytesDown, long seed, long latencyNanos,
                          long bandwidthBitsPerSecond, ImpairmentProfile impairment, TcpConfig tcp, long timeLimitNanos,
                          boolean waitForTimeWait, Path captureClient, int mtu, PrintStream trace) {
        public Options {
            if (connections <= 0 || connections > 16_000) {
                throw new IllegalArgumentException("connections must be in 1..16000, was " + connections);
            }
            if (bytesUp < 0 || bytesDown < 0) {
                throw new IllegalArgumentException("byte counts must not be negative");
            }
            Objects.requireNonNull(impairment, "impairment");
            Objects.requireNonNull(tcp, "tcp");
            if (mtu < 576 || mtu > 9000) {
                throw new IllegalArgumentException("mtu must be in 576..9000, was " + mtu);
            }
        }
    }

    /** Builds {@link Options}. */
    public static final class Builder {
        private int connections = 1;
        private long bytesUp = 100_000;
        private long bytesDown = 100_000;
        private long seed = 1;
        private long latencyNanos = 50_000;
        private long bandwidth = 1_000_000_000L;
        private ImpairmentProfile impairment = ImpairmentProfile.NONE;
        private TcpConfig tcp = TcpConfig.defaults();
        private long timeLimitNanos = 600_000_000_000L;
        private boolean waitForTimeWait;
        private Path captureClient;
        private int mtu = 1500;
        private PrintStream trace;

        private Builder() {
        }

        /** Concurrent connections (default 1). */
        public Builder connections(int n) {
            connections = n;
            return this;
        }

        /** Bytes each side sends per connection (default 100,000). */
        public Builder bytesPerDirection(long n) {
            bytesUp = n;
            bytesDown = n;
            return this;
        }

        /** Bytes the client sends per connection. */
        public Builder bytesUp(long n) {
            bytesUp = n;
            return this;
        }

        /** Bytes the server sends per connection. */
        public Builder bytesDown(long n) {
            bytesDown = n;
            return this;
        }

        /** The run's seed (default 1). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** One-way latency per host link (default 50 µs). */
        public Builder latencyNanos(long nanos) {
            latencyNanos = nanos;
            return this;
        }

        /** Link speed (default 1 Gbit/s). */
        public Builder bandwidthBitsPerSecond(long bits) {
            bandwidth = bits;
            return this;
        }

        /** Impairments on every link direction (default none). */
        public Builder impairment(ImpairmentProfile profile) {
            impairment = profile;
            return this;
        }

        /** TCP settings of both hosts. */
        public Builder tcp(TcpConfig config) {
            tcp = config;
            return this;
        }

        /** Virtual-time limit (default 600 s). */
        public Builder timeLimitNanos(long nanos) {
            timeLimitNanos = nanos;
            return this;
        }

        /** Whether to wait for TIME-WAIT to expire (default false: TIME-WAIT counts as closed). */
        public Builder waitForTimeWait(boolean on) {
            waitForTimeWait = on;
            return this;
        }

        /** Records the client's link to this pcapng file. */
        public Builder captureClient(Path file) {
            captureClient = file;
            return this;
        }

        /** MTU of both hosts (default 1500; 576..9000). */
        public Builder mtu(int bytes) {
            mtu = bytes;
            return this;
        }

        /** Prints TCP state transitions and the client's frames to {@code out} (default: no trace). */
        public Builder trace(PrintStream out) {
            trace = out;
            return this;
        }

        /** The scenario. */
        public TransferScenario build() {
            return new TransferScenario(new Options(connections, bytesUp, bytesDown, seed, latencyNanos, bandwidth,
                    impairment, tcp, timeLimitNanos, waitForTimeWait, captureClient, mtu, trace));
        }
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** A scenario with these options. */
    public TransferScenario(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options. */
    public Options options() {
        return options;
    }

    /** Runs the scenario from scratch and reports. Deterministic: the same options give the same report. */
    public SimReport run() {
        Options o = options;
        SplittableRandom random = new SplittableRandom(o.seed());
        byte[] blockBytes = new byte[PERIOD + CHUNK];
        for (int i = 0; i < PERIOD; i++) {
            blockBytes[i] = (byte) random.nextInt();
        }
        System.arraycopy(blockBytes, 0, blockBytes, PERIOD, CHUNK);
        MemorySegment block = Arena.ofAuto().allocate(blockBytes.length);
        MemorySegment.copy(blockBytes, 0, block, ValueLayout.JAVA_BYTE, 0, blockBytes.length);

        ImpairmentProfile impairment = o.impairment().isNone() ? o.impairment() : o.impairment().withSeed(o.seed());
        LinkProfile link = LinkProfile.builder().latencyNanos(o.latencyNanos())
                .bandwidthBitsPerSecond(o.bandwidthBitsPerSecond()).toSwitch(impairment).build();
        int clientIp = Ipv4Address.parse("10.0.0.1");
        int serverIp = Ipv4Address.parse("10.0.0.2");
        PortOptions defaults = PortOptions.defaults();
        PortOptions ports = new PortOptions(o.mtu(), Math.max(1024, 4 * o.connections()),
                Math.max(defaults.bufferSize(), o.mtu() + 18 + defaults.headroom()), defaults.headroom(),
                Math.max(512, 2 * o.connections()), defaults.trackLeaks());
        TcpConfig tcp = o.tcp().toBuilder().mtu(o.mtu()).build();
        try (Simulation sim = new Simulation()) {
            SimHost client = sim.addHost("client", 0x02_00_00_00_00_01L,
                    StackConfig.builder().address(clientIp, 24).mtu(o.mtu()).tcp(tcp).tcpSeed(o.seed() * 31 + 1).build(),
                    link, ports);
            SimHost server = sim.addHost("server", 0x02_00_00_00_00_02L,
                    StackConfig.builder().address(serverIp, 24).mtu(o.mtu()).tcp(tcp).tcpSeed(o.seed() * 31 + 2).build(),
                    link, ports);
            if (o.captureClient() != null) {
                sim.record(client, o.captureClient());
            }
            long start = sim.now();
            Trace trace = o.trace() == null ? null : new Trace(o.trace(), start);
            if (trace != null) {
                client.stack().frameObserver(trace::frame);
            }
            TcpListener listener = server.stack().tcp().listen(SERVER_PORT, Math.min(o.connections(), 4096));
            Flow[] flows = new Flow[o.connections()];
            Map<Integer, Flow> byPort = new HashMap<>();
            if (trace != null) {
                client.stack().tcpLayer().transitionObserver(trace.transitions("client", sim, byPort, true));
                server.stack().tcpLayer().transitionObserver(trace.transitions("server", sim, byPort, false));
            }
            for (int i = 0; i < flows.length; i++) {
                TcpConnection c = client.stack().tcp().connect(serverIp, SERVER_PORT);
                flows[i] = new Flow(i, c, (i * 7919L) % PERIOD, (i * 7919L + 104729L) % PERIOD);
                byPort.put(c.localPort(), flows[i]);
            }
            Driver driver = new Driver(o, block, flows, byPort, listener);
            for (Flow f : flows) {
                f.client.listener(driver.clientListener(f));
            }
            listener.onAcceptable(driver::acceptAll);
            boolean finished = sim.runUntil(driver::step, o.timeLimitNanos());
            long elapsed = sim.now() - start;

            long delivered = 0;
            long retransmissions = 0;
            long[] causes = new long[5];
            int closed = 0;
            String problem = driver.problem;
            for (Flow f : flows) {
                delivered += f.upReceived + f.downReceived;
                retransmissions += f.client.stats().retransmits();
                addCauses(causes, f.client.stats());
                if (f.server != null) {
                    retransmissions += f.server.stats().retransmits();
                    addCauses(causes, f.server.stats());
                }
                if (f.closedCleanly(o.waitForTimeWait())) {
                    closed++;
                } else if (problem.isEmpty()) {
                    problem = "connection " + f.index + " not closed cleanly: " + f;
                }
            }
            if (!problem.isEmpty() && o.connections() <= 2) {
                problem += " | client stack " + client.stack().stats() + " | server stack " + server.stack().stats()
                        + " | client tcp " + flows[0].client.stats()
                        + (flows[0].server == null ? "" : " | server tcp " + flows[0].server.stats())
                        + " | client layer " + client.stack().tcpLayer().stats()
                        + " | server layer " + server.stack().tcpLayer().stats();
            }
            long expected = (o.bytesUp() + o.bytesDown()) * o.connections();
            if (problem.isEmpty() && delivered != expected) {
                problem = "delivered " + delivered + " of " + expected + " bytes";
            }
            if (problem.isEmpty() && !finished) {
                problem = "time limit reached";
            }
            TcpLayerStats a = client.stack().tcpLayer().stats();
            TcpLayerStats b = server.stack().tcpLayer().stats();
            long fast = a.fastPathSegments() + b.fastPathSegments();
            long all = fast + a.slowPathSegments() + b.slowPathSegments();
            double share = all == 0 ? 0 : (double) fast / all;
            boolean intact = problem.isEmpty();
            String name = "transfer c=" + o.connections() + " up=" + o.bytesUp() + " down=" + o.bytesDown()
                    + (impairment.isNone() ? "" : " impaired");
            SimReport.Causes why = new SimReport.Causes(causes[0], causes[1], causes[2], causes[3], causes[4],
                    client.stack().tcpLayer().stats().synRetransmits() + server.stack().tcpLayer().stats().synRetransmits(),
                    sim.framesLost(),
                    sim.framesDroppedByQueues(),
                    client.stack().stats().transmitDrops() + server.stack().stats().transmitDrops(),
                    client.stack().stats().arpQueueDrops() + server.stack().stats().arpQueueDrops());
            return new SimReport(name, o.seed(), intact, delivered, expected, o.connections(), closed,
                    retransmissions, share, elapsed, sim.framesDropped(), sim.framesCorrupted(), problem, why);
        }
    }

    private static void addCauses(long[] into, TcpStats s) {
        into[0] += s.retransmitsRto();
        into[1] += s.retransmitsFast();
        into[2] += s.retransmitsRack();
        into[3] += s.retransmitsTlp();
        into[4] += s.dsacksReceived();
    }

    /** The optional trace: frames of the client's link in tcpdump style, and TCP state transitions. */
    private static final class Trace {
        private final PrintStream out;
        private final long start;
        private final org.margay.decode.Dissector dissector = new org.margay.decode.Dissector();
        private final org.margay.decode.TcpdumpFormatter formatter =
                new org.margay.decode.TcpdumpFormatter(org.margay.decode.TcpdumpStyle.plain());
        private long frames;

        Trace(PrintStream out, long start) {
            this.out = out;
            this.start = start;
        }

        void frame(boolean outbound, long now, MemorySegment segment, long offset, int length) {
            org.margay.decode.Dissection d = dissector.dissect(1, segment, offset, length, length);
            long t = now - start;
            out.print((outbound ? "> " : "< ")
                    + formatter.format(++frames, t / 1_000_000_000L, (int) (t % 1_000_000_000L), d));
        }

        /**
         * An observer printing each transition of one side's connections the moment the engine makes it, with
         * the RFC rule that caused it. Flows are found by the client's port (the server sees it as the remote).
         */
        org.margay.net.tcp.engine.TcpTransitionObserver transitions(String side, Simulation sim,
                                                                     Map<Integer, Flow> byPort, boolean client) {
            return (c, from, to, reason) -> {
                Flow f = byPort.get(client ? c.localPort() : c.remotePort());
                // A client connection moves to SYN-SENT inside connect(), before its flow is registered: flows
                // are created in order, so it is the next index.
                int index = f != null ? f.index : client ? byPort.size() : -1;
                out.printf(java.util.Locale.ROOT, "t=%.6f %s conn#%s %s -> %s: %s%s%n", (sim.now() - start) / 1e9,
                        side, index < 0 ? "?" : Integer.toString(index), name(from), name(to), reason,
                        c.error() != TcpError.NONE ? " [" + TcpError.name(c.error()) + "]" : "");
            };
        }

        private static String name(TcpState s) {
            return s.name().replace('_', '-');
        }
    }

    /** One connection's progress. */
    private static final class Flow {
        final int index;
        final TcpConnection client;
        TcpConnection server;
        final long upOffset;
        final long downOffset;
        long upSent;
        long upReceived;
        long downSent;
        long downReceived;
        boolean clientClosed;
        boolean serverClosed;
        boolean clientEof;
        boolean serverEof;

        Flow(int index, TcpConnection client, long upOffset, long downOffset) {
            this.index = index;
            this.client = client;
            this.upOffset = upOffset;
            this.downOffset = downOffset;
        }

        boolean closedCleanly(boolean strict) {
            return clientEof && serverEof && server != null && finished(client, strict) && finished(server, strict);
        }

        private static boolean finished(TcpConnection c, boolean strict) {
            TcpState s = c.state();
            return c.error() == TcpError.NONE && (s == TcpState.CLOSED || !strict && s == TcpState.TIME_WAIT);
        }

        @Override
        public String toString() {
            return "Flow[" + index + " up " + upSent + "/" + upReceived + " down " + downSent + "/" + downReceived
                    + " client " + client + (server == null ? " no server" : " server " + server) + "]";
        }
    }

    /** The application: accept, write, read and check, close. Runs at every instant the simulation settles. */
    private static final class Driver {
        private final Options o;
        private final MemorySegment block;
        private final Flow[] flows;
        private final Map<Integer, Flow> byPort;
        private final TcpListener listener;
        private final MemorySegment readBuffer = Arena.ofAuto().allocate(CHUNK);
        String problem = "";

        Driver(Options o, MemorySegment block, Flow[] flows, Map<Integer, Flow> byPort, TcpListener listener) {
            this.o = o;
            this.block = block;
            this.flows = flows;
            this.byPort = byPort;
            this.listener = listener;
        }

        /** Reads (and checks) as soon as bytes arrive, so the receive window stays open, as a real reader's. */
        TcpConnectionListener clientListener(Flow f) {
            return new TcpConnectionListener() {
                @Override
                public void onReadable(TcpConnection connection) {
                    readClient(f);
                }

                @Override
                public void onWritable(TcpConnection connection) {
                    writeClient(f);
                }

                @Override
                public void onEstablished(TcpConnection connection) {
                    writeClient(f);
                }
            };
        }

        private TcpConnectionListener serverListener(Flow f) {
            return new TcpConnectionListener() {
                @Override
                public void onReadable(TcpConnection connection) {
                    readServer(f);
                }

                @Override
                public void onWritable(TcpConnection connection) {
                    writeServer(f);
                }
            };
        }

        void acceptAll() {
            TcpConnection accepted;
            while ((accepted = listener.accept()) != null) {
                Flow f = byPort.get(accepted.remotePort());
                if (f == null || f.server != null) {
                    problem = "unexpected connection from port " + accepted.remotePort();
                    accepted.abort();
                    continue;
                }
                f.server = accepted;
                accepted.listener(serverListener(f));
                readServer(f);
                writeServer(f);
            }
        }

        boolean step() {
            acceptAll();
            if (!problem.isEmpty()) {
                return true;
            }
            boolean done = true;
            for (Flow f : flows) {
                if (!progress(f)) {
                    done = false;
                }
                if (!problem.isEmpty()) {
                    return true;
                }
            }
            return done;
        }

        /** Moves one flow on; true when it is finished. */
        private boolean progress(Flow f) {
            writeClient(f);
            readClient(f);
            if (f.server != null) {
                writeServer(f);
                readServer(f);
            }
            if (f.client.state() == TcpState.CLOSED && f.client.error() != TcpError.NONE) {
                problem = "client connection " + f.index + " failed: " + TcpError.name(f.client.error()) + " " + f;
            } else if (f.server != null && f.server.state() == TcpState.CLOSED && f.server.error() != TcpError.NONE) {
                problem = "server connection " + f.index + " failed: " + TcpError.name(f.server.error()) + " " + f;
            }
            return f.closedCleanly(o.waitForTimeWait());
        }

        private void writeClient(Flow f) {
            if (f.clientClosed) {
                return;
            }
            long n = o.bytesUp();
            f.upSent += write(f.client, f.upOffset, f.upSent, n);
            // RFC 9293 §3.10.4: CLOSE in SYN-SENT deletes the connection, queued data included: wait for the handshake.
            // The client closes first, once everything it sent is acknowledged and it received everything it
            // expects (a lingering close), so both
            // directions carry data while ESTABLISHED (the only state with header prediction). It half-closes
            // (shutdown(SHUT_WR)) and reads on to the server's FIN; close() would orphan the connection.
            if (f.upSent == n && f.downReceived == o.bytesDown() && f.client.unacknowledgedBytes() == 0
                    && f.client.state().synchronizedState()) {
                f.client.shutdownOutput();
                f.clientClosed = true;
            }
        }

        private void writeServer(Flow f) {
            if (f.serverClosed || f.server == null) {
                return;
            }
            long n = o.bytesDown();
            f.downSent += write(f.server, f.downOffset, f.downSent, n);
            // The server closes after the client's FIN (end of stream) and its own last byte.
            if (f.downSent == n && f.serverEof && f.server.state().synchronizedState()) {
                f.server.shutdownOutput();
                f.serverClosed = true;
            }
        }

        private void readClient(Flow f) {
            if (!f.clientEof) {
                long got = read(f, f.client, f.downOffset, f.downReceived, o.bytesDown());
                if (got < 0) {
                    f.clientEof = true;
                } else {
                    f.downReceived += got;
                }
                if (f.downReceived == o.bytesDown()) {
                    writeClient(f);
                }
            }
        }

        private void readServer(Flow f) {
            if (!f.serverEof && f.server != null) {
                long got = read(f, f.server, f.upOffset, f.upReceived, o.bytesUp());
                if (got < 0) {
                    f.serverEof = true;
                    writeServer(f);
                } else {
                    f.upReceived += got;
                }
            }
        }

        private long write(TcpConnection c, long offset, long sent, long total) {
            long written = 0;
            while (sent + written < total) {
                int pos = (int) ((offset + sent + written) % PERIOD);
                int len = (int) Math.min(CHUNK, total - sent - written);
                int taken = c.send(block, pos, len);
                if (taken <= 0) {
                    break;
                }
                written += taken;
                if (taken < len) {
                    break;
                }
            }
            return written;
        }

        /** Reads what is there, checking every byte; -1 at end of stream. */
        private long read(Flow f, TcpConnection c, long offset, long received, long total) {
            long got = 0;
            while (true) {
                int n = c.receive(readBuffer, 0, CHUNK);
                if (n < 0) {
                    return got == 0 ? -1 : got;
                }
                if (n == 0) {
                    return got;
                }
                if (received + got + n > total) {
                    problem = "connection " + f.index + " received more bytes than were sent";
                    return got;
                }
                int pos = (int) ((offset + received + got) % PERIOD);
                long mismatch = MemorySegment.mismatch(readBuffer, 0, n, block, pos, pos + n);
                if (mismatch >= 0) {
                    problem = "connection " + f.index + " byte " + (received + got + mismatch) + " differs";
                    return got;
                }
                got += n;
            }
        }
    }
}
