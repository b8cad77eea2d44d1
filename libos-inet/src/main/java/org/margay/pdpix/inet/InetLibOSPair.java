package org.margay.pdpix.inet;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.margay.fastpath.buffer.BufferLeakError;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.impair.ImpairedDevice;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOSConfig;
import org.margay.stack.StackConfig;

/**
 * Two inet library OSes wired back to back over an in-memory {@link LoopbackPair}, in one {@link LibOSGroup} on
 * one clock (virtual by default): the client at {@value #CLIENT_TEXT}, the server at {@value #SERVER_TEXT}, /24.
 * Each side's elements come from 512 buffers of 64 KiB ({@code maxElement()} = 1 MiB) unless the builder says
 * otherwise; TCP_NODELAY is on.
 * A wait on either drives both, so tests, the contract suite and the demo can run a client and a server in one
 * thread ({@link LibOSGroup} says how the server side is driven: as an agent, or through
 * {@link LibOSGroup#waitAny} over both sides' tokens).
 *
 * <p>{@link #close()} closes both library OSes, then checks that every buffer came back — the element pools and
 * both ends' device pools — and throws {@link BufferLeakError} naming the pools that still lend buffers
 * (a test's own failure stays the primary one under try-with-resources).
 *
 * <pre>{@code
 * try (InetLibOSPair p = InetLibOSPair.open(42)) {
 *     LibOS server = p.server(), client = p.client();
 *     ...
 * }
 * }</pre>
 */
public final class InetLibOSPair implements AutoCloseable {
    /** The client's address as text. */
    public static final String CLIENT_TEXT = "10.0.0.1";
    /** The server's address as text. */
    public static final String SERVER_TEXT = "10.0.0.2";
    /** The client's address. */
    public static final int CLIENT_ADDRESS = Ipv4Address.parse(CLIENT_TEXT);
    /** The server's address. */
    public static final int SERVER_ADDRESS = Ipv4Address.parse(SERVER_TEXT);
    /** Each side's element buffers by default: 512 ... */
    public static final int DEFAULT_ELEMENT_BUFFERS = 512;
    /** ... of 64 KiB, so that {@code maxElement()} is 1 MiB (16 segments). */
    public static final int DEFAULT_ELEMENT_BUFFER_SIZE = 64 * 1024;

    private final Clock clock;
    private final LibOSGroup group;
    private final LoopbackPair link;
    private final InetLibOS client;
    private final InetLibOS server;
    private final ImpairedDevice impaired;
    private boolean closed;

    private InetLibOSPair(Builder b) {
        this.clock = b.virtual ? new VirtualClock(1_000_000_000L) : SystemClock.INSTANCE;
        this.group = new LibOSGroup(clock);
        this.link = new LoopbackPair("pair", LoopbackPair.DEFAULT_MAC_A, LoopbackPair.DEFAULT_MAC_B, b.mtu,
                b.linkBuffers, b.mtu + 14 + 8 + 128, 128, b.linkRing, clock);
        NetworkDevice clientDevice = link.a();
        if (b.impairment != null && !b.impairment.isNone()) {
            impaired = new ImpairedDevice(link.a(), b.impairment.withSeed(b.seed * 31 + 1),
                    b.impairment.withSeed(b.seed * 31 + 2), clock, 64);
            clientDevice = impaired;
            group.addDeadlineSource(impaired::nextDeadline);
        } else {
            impaired = null;
        }
        TcpConfig tcp = b.tcp.apply(TcpConfig.defaults().toBuilder().noDelay(true)).build();
        InetLibOS c = null;
        try {
            c = open(b, clientDevice, CLIENT_ADDRESS, b.seed, tcp, b.clientStack);
            this.client = c;
            this.server = open(b, link.b(), SERVER_ADDRESS, b.seed ^ 0x5EED_0F_5E7_7E2L, tcp, b.serverStack);
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            link.close();
            throw e;
        }
    }

    private InetLibOS open(Builder b, NetworkDevice device, int address, long seed, TcpConfig tcp,
                           UnaryOperator<StackConfig.Builder> tune) {
        StackConfig stack = tune.apply(StackConfig.builder().address(address, 24).tcp(tcp).tcpSeed(seed)).build();
        return InetLibOS.builder().device(device).stack(stack).group(group).config(b.config)
                .elementBuffers(b.elementCount, b.elementSize).trackLeaks(b.trackLeaks).open();
    }

    /** A connected pair on a virtual clock, seeded with {@code seed}, with default settings. */
    public static InetLibOSPair open(long seed) {
        return builder().seed(seed).open();
    }

    /** A builder for other settings (impairment, clock, TCP settings, pools). */
    public static Builder builder() {
        return new Builder();
    }

    /** The client side (10.0.0.1). */
    public InetLibOS client() {
        return client;
    }

    /** The server side (10.0.0.2). */
    public InetLibOS server() {
        return server;
    }

    /** The group both share. */
    public LibOSGroup group() {
        return group;
    }

    /** The shared clock (a {@link VirtualClock} unless built with a real one). */
    public Clock clock() {
        return clock;
    }

    /** The in-memory link (end a is the client's, b the server's). */
    public LoopbackPair link() {
        return link;
    }

    /** The server's endpoint at {@code port}. */
    public static InetEndpoint serverEndpoint(int port) {
        return new InetEndpoint(SERVER_ADDRESS, port);
    }

    /** The pools whose buffers must all come back (both element pools, both ends' device pools). */
    public BufferPool[] pools() {
        return new BufferPool[] {client.elementBuffers(), server.elementBuffers(), link.a().pool(), link.b().pool()};
    }

    /** The leak reports of every pool still lending buffers, or the empty string. */
    public String leakReport() {
        StringBuilder out = new StringBuilder();
        for (BufferPool p : pools()) {
            out.append(p.leakReport());
        }
        return out.toString();
    }

    /**
     * Closes both library OSes and the link, then fails with {@link BufferLeakError} if any pool still lends
     * buffers. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String report;
        try {
            client.close();
            server.close();
            if (impaired != null) {
                impaired.close();
            }
            // Frames still on the link belong to it: drop them before counting.
            link.a().close();
            link.b().close();
            report = leakReport();
        } finally {
            link.close();
        }
        if (!report.isEmpty()) {
            throw new BufferLeakError(report);
        }
    }

    /** Builds an {@link InetLibOSPair}. */
    public static final class Builder {
        private long seed = 1;
        private boolean virtual = true;
        private ImpairmentProfile impairment;
        private UnaryOperator<TcpConfig.Builder> tcp = UnaryOperator.identity();
        private UnaryOperator<StackConfig.Builder> clientStack = UnaryOperator.identity();
        private UnaryOperator<StackConfig.Builder> serverStack = UnaryOperator.identity();
        private LibOSConfig config = LibOSConfig.of(java.util.Map.of());
        private int elementCount = DEFAULT_ELEMENT_BUFFERS;
        private int elementSize = DEFAULT_ELEMENT_BUFFER_SIZE;
        private int mtu = 1500;
        private int linkBuffers = 4096;
        private int linkRing = 1024;
        private boolean trackLeaks = Boolean.getBoolean("margay.buffers.trackLeaks");

        private Builder() {
        }

        /** Seeds the TCP layers (ISNs, ports) and the impairments. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** A virtual clock (default) or the system clock. */
        public Builder virtualClock(boolean value) {
            virtual = value;
            return this;
        }

        /** Impairs the link both ways (loss, reordering, duplication, corruption); seeded from {@link #seed}. */
        public Builder impairment(ImpairmentProfile value) {
            impairment = Objects.requireNonNull(value, "impairment");
            return this;
        }

        /** Adjusts both stacks' TCP settings (applied on the defaults with TCP_NODELAY on). */
        public Builder tcp(UnaryOperator<TcpConfig.Builder> value) {
            tcp = Objects.requireNonNull(value, "tcp");
            return this;
        }

        /** Adjusts the client's stack settings (static ARP entries, routes, ...), after address, TCP and seed. */
        public Builder clientStack(UnaryOperator<StackConfig.Builder> value) {
            clientStack = Objects.requireNonNull(value, "clientStack");
            return this;
        }

        /** Adjusts the server's stack settings. */
        public Builder serverStack(UnaryOperator<StackConfig.Builder> value) {
            serverStack = Objects.requireNonNull(value, "serverStack");
            return this;
        }

        /** PDPIX settings of both ({@code pdpix.*} keys). */
        public Builder config(LibOSConfig value) {
            config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Each side's element pool: {@code count} buffers of {@code size} bytes (maxElement = 16 × size). */
        public Builder elementBuffers(int count, int size) {
            elementCount = count;
            elementSize = size;
            return this;
        }

        /** The link's MTU (default 1500). */
        public Builder mtu(int value) {
            mtu = value;
            return this;
        }

        /** Buffers in each end's device pool and frames per direction of the link. */
        public Builder link(int buffers, int ring) {
            linkBuffers = buffers;
            linkRing = ring;
            return this;
        }

        /** Records allocation sites in the element pools for leak reports. */
        public Builder trackLeaks(boolean value) {
            trackLeaks = value;
            return this;
        }

        /** Opens the pair. */
        public InetLibOSPair open() {
            return new InetLibOSPair(this);
        }
    }
}
