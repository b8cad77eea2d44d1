package org.margay.explain.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;
import org.margay.netsim.PortOptions;
import org.margay.netsim.SimNetwork;
import org.margay.netsim.SimPort;
import org.margay.netsim.SimSwitch;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * A small simulated network for the lab: hosts on one {@code netsim} switch, each stack over a recording
 * {@link LabDevice}, each TCP layer watched by a {@link StackProbe}, all on one virtual clock. Hosts are
 * {@code 10.0.0.N/16} with MAC {@code 02:00:00:00:00:N}; every stack knows every host's MAC from the start
 * (static ARP), so the timeline shows TCP rather than address resolution.
 *
 * <p>The loop is {@code sim}'s: poll every stack until none has work, let the applications step, then move time
 * to the earliest of the network's next delivery, the stacks' deadlines and the applications' wake-up time. The
 * same hosts, links, drop rules, seeds and applications give the same run, frame for frame. Single-threaded.
 */
public final class LabNetwork implements AutoCloseable {
    /** How many poll rounds one instant may take before time is forced on (a livelock guard). */
    private static final int MAX_ROUNDS_PER_INSTANT = 100_000;
    private static final long NUDGE_NANOS = 1_000;
    /** Hosts the static ARP tables know: 10.0.0.1 .. 10.0.0.MAX_HOSTS. */
    public static final int MAX_HOSTS = 8;

    private final SimNetwork network;
    private final SimSwitch sw;
    private final OrderCounter order = new OrderCounter();
    private final FrameLog log = new FrameLog(order);
    private final List<LabHost> hosts = new ArrayList<>();
    private final long start;
    private final List<int[]> extraNeighbours = new ArrayList<>(); // {address, host index}

    /** An empty lab network; its clock starts at 1 s (time 0 is never a deadline). */
    public LabNetwork() {
        network = new SimNetwork(1_000_000_000L);
        sw = network.addSwitch("sw0");
        start = network.now();
    }

    /** The address of host {@code n} (1-based): 10.0.0.n. */
    public static int address(int n) {
        return (10 << 24) | n;
    }

    /** The MAC of host {@code n}: 02:00:00:00:00:n. */
    public static long mac(int n) {
        return 0x02_00_00_00_00_00L | n;
    }

    /**
     * Makes every stack added from now on believe that {@code address} is at host {@code n}'s MAC (for a raw
     * host that answers for many addresses, like a SYN flooder's spoofed sources).
     */
    public void neighbour(int address, int n) {
        extraNeighbours.add(new int[] {address, n});
    }

    /**
     * Adds host number {@code n} (1..{@link #MAX_HOSTS}) named {@code name} running a stack with {@code tcp}
     * settings and MTU {@code mtu}, linked by {@code link}, dropping what {@code rule} says on the way out.
     */
    public LabHost addHost(int n, String name, TcpConfig tcp, int mtu, LinkProfile link, DropRule rule, long seed) {
        return addHost(n, name, tcp, mtu, link, rule, seed, b -> b);
    }

    /** As {@link #addHost(int, String, TcpConfig, int, LinkProfile, DropRule, long)}, with more stack settings. */
    public LabHost addHost(int n, String name, TcpConfig tcp, int mtu, LinkProfile link, DropRule rule, long seed,
                           java.util.function.UnaryOperator<StackConfig.Builder> more) {
        checkNumber(n);
        PortOptions ports = portOptions(mtu);
        SimPort port = sw.attach(name, mac(n), link, ports);
        StackProbe probe = new StackProbe(name, network.clock(), order);
        LabDevice device = new LabDevice(port, name, network.clock(), log, probe, rule);
        StackConfig.Builder config = StackConfig.builder().address(address(n), 16).mtu(mtu).tcp(tcp)
                .tcpSeed(seed * 31 + n).gratuitousArp(false);
        for (int other = 1; other <= MAX_HOSTS; other++) {
            if (other != n) {
                config.staticArp(address(other), mac(other));
            }
        }
        for (int[] extra : extraNeighbours) {
            config.staticArp(extra[0], mac(extra[1]));
        }
        InetStack stack = new InetStack(more.apply(config).build(), device, network.clock());
        probe.attach(stack.tcpLayer());
        LabHost host = new LabHost(name, address(n), mac(n), port, device, stack, probe);
        hosts.add(host);
        return host;
    }

    /** Adds host number {@code n} without a stack: the scenario sends and receives raw frames on its device. */
    public LabHost addRawHost(int n, String name, int mtu, LinkProfile link) {
        checkNumber(n);
        SimPort port = sw.attach(name, mac(n), link, portOptions(mtu));
        StackProbe probe = new StackProbe(name, network.clock(), order);
        LabDevice device = new LabDevice(port, name, network.clock(), log, probe, DropRule.NONE);
        LabHost host = new LabHost(name, address(n), mac(n), port, device, null, null);
        hosts.add(host);
        return host;
    }

    private static void checkNumber(int n) {
        if (n < 1 || n > MAX_HOSTS) {
            throw new IllegalArgumentException("lab hosts are numbered 1.." + MAX_HOSTS + ": " + n);
        }
    }

    private static PortOptions portOptions(int mtu) {
        PortOptions d = PortOptions.defaults();
        return new PortOptions(mtu, 2048, Math.max(d.bufferSize(), mtu + 18 + d.headroom()), d.headroom(), 1024,
                d.trackLeaks());
    }

    /** A link with {@code latencyNanos} one way and {@code bitsPerSecond}, impaired on the way to the switch. */
    public static LinkProfile link(long latencyNanos, long bitsPerSecond, int queueFrames, ImpairmentProfile uplink) {
        return LinkProfile.builder().latencyNanos(latencyNanos).bandwidthBitsPerSecond(bitsPerSecond)
                .queueFrames(queueFrames).toSwitch(uplink).build();
    }

    /** The hosts, in the order they were added. */
    public List<LabHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The host named {@code name}. */
    public LabHost host(String name) {
        for (LabHost h : hosts) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no lab host named " + name);
    }

    /** The frame log. */
    public FrameLog log() {
        return log;
    }

    /** The run-wide order counter. */
    public OrderCounter order() {
        return order;
    }

    /** The simulator underneath. */
    public SimNetwork network() {
        return network;
    }

    /** The current virtual time. */
    public long now() {
        return network.now();
    }

    /** The time the run started. */
    public long start() {
        return start;
    }

    /** Polls every stack until a round does no work; returns the work done. */
    public int settle() {
        int total = 0;
        for (int round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
            int work = 0;
            for (LabHost h : hosts) {
                if (h.hasStack()) {
                    work += h.stack().poll();
                    h.probe().afterPoll(network.now());
                }
            }
            total += work;
            if (work == 0) {
                break;
            }
        }
        return total;
    }

    private long nextEventTime(LabApp app) {
        long next = network.nextEventTime();
        for (LabHost h : hosts) {
            if (h.hasStack()) {
                next = Math.min(next, h.stack().nextDeadline());
            }
        }
        return Math.min(next, app.nextWake());
    }

    /**
     * Runs {@code app} until it says it is finished or {@code limitNanos} of virtual time pass; returns whether it
     * finished.
     */
    public boolean run(LabApp app, long limitNanos) {
        Objects.requireNonNull(app, "app");
        long end = network.now() + limitNanos;
        int rounds = 0;
        while (true) {
            settle();
            if (app.step(this)) {
                settle();
                return true;
            }
            if (settle() > 0 && ++rounds < MAX_ROUNDS_PER_INSTANT) {
                continue;
            }
            rounds = 0;
            long now = network.now();
            long next = nextEventTime(app);
            if (next == Long.MAX_VALUE || next > end) {
                if (end > now && next != Long.MAX_VALUE) {
                    network.advanceTo(end);
                }
                settle();
                return app.step(this);
            }
            network.advanceTo(Math.max(next, now + (next <= now ? NUDGE_NANOS : 0)));
        }
    }

    /** Lets the stacks run on for {@code nanos} with no application work (timers, TIME-WAIT, last ACKs). */
    public void runFor(long nanos) {
        long end = network.now() + nanos;
        run(new LabApp() {
            @Override
            public void start(LabNetwork network) {
            }

            @Override
            public boolean step(LabNetwork network) {
                return network.now() >= end;
            }

            @Override
            public long nextWake() {
                return end;
            }
        }, nanos);
    }

    /** Closes every stack and the network. Idempotent. */
    @Override
    public void close() {
        for (LabHost h : hosts) {
            if (h.hasStack()) {
                h.stack().close();
            }
        }
        network.close();
    }
}
