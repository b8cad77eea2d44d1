package org.margay.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.netsim.LinkDirection;
import org.margay.netsim.LinkProfile;
import org.margay.netsim.PortOptions;
import org.margay.netsim.SimNetwork;
import org.margay.netsim.SimPort;
import org.margay.netsim.SimSwitch;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * Hosts running {@link InetStack}s on one simulated switch ({@code netsim}), driven on virtual time:
 *
 * <pre>
 * loop { poll every stack until none has work; let the application step;
 *        now = min(network's next delivery, stacks' next deadlines); advance the network to it }
 * </pre>
 *
 * <p>What must stay true: time moves only here, by {@link SimNetwork#advanceTo}; the same hosts, links, seeds
 * and application steps give the same run, frame for frame. Single-threaded.
 */
public final class Simulation implements AutoCloseable {
    /** How many poll rounds one instant may take before the driver forces time on (a livelock guard). */
    private static final int MAX_ROUNDS_PER_INSTANT = 100_000;
    /** The nudge when a deadline is already due but nothing happened (keeps time moving). */
    private static final long NUDGE_NANOS = 1_000;

    private final SimNetwork network;
    private final SimSwitch sw;
    private final List<SimHost> hosts = new ArrayList<>();
    private InetStack[] stacks = new InetStack[0];
    private long pollRounds;

    /** An empty simulation with one switch, its clock at 1 s (so that time 0 is never a deadline). */
    public Simulation() {
        network = new SimNetwork(1_000_000_000L);
        sw = network.addSwitch("sw0");
    }

    /** The network (clock, switch, ports). */
    public SimNetwork network() {
        return network;
    }

    /** The current virtual time. */
    public long now() {
        return network.now();
    }

    /** Hosts in the order they were added. */
    public List<SimHost> hosts() {
        return List.copyOf(hosts);
    }

    /** Poll rounds run so far (one round polls every stack once). */
    public long pollRounds() {
        return pollRounds;
    }

    /**
     * Adds a host named {@code name} with the stack settings in {@code config} (its MAC is the port's), over a
     * link of profile {@code link} with port options {@code options}.
     */
    public SimHost addHost(String name, long mac, StackConfig config, LinkProfile link, PortOptions options) {
        SimPort port = sw.attach(name, mac, link, options);
        InetStack stack = new InetStack(config, port, network.clock());
        SimHost host = new SimHost(name, config.primaryAddress(), port, stack);
        hosts.add(host);
        stacks = new InetStack[hosts.size()];
        for (int i = 0; i < stacks.length; i++) {
            stacks[i] = hosts.get(i).stack();
        }
        return host;
    }

    /** Adds a host with address {@code cidr} ("10.0.0.1/24"), default stack settings and port options. */
    public SimHost addHost(String name, long mac, String cidr, LinkProfile link) {
        return addHost(name, mac, StackConfig.builder().address(cidr).build(), link, PortOptions.defaults());
    }

    /** Records every frame crossing {@code host}'s port to a pcapng file, complete at {@link #close()}. */
    public void record(SimHost host, Path file) {
        network.recordLink(host.port(), Objects.requireNonNull(file, "file"));
    }

    /** Polls every stack until a round does no work; returns the work done. */
    public int settle() {
        int total = 0;
        for (int round = 0; round < MAX_ROUNDS_PER_INSTANT; round++) {
            int work = 0;
            for (InetStack stack : stacks) {
                work += stack.poll();
            }
            pollRounds++;
            total += work;
            if (work == 0) {
                break;
            }
        }
        return total;
    }

    /** The earliest time anything is due: a delivery or a stack deadline; {@link Long#MAX_VALUE} if none. */
    public long nextEventTime() {
        long next = network.nextEventTime();
        for (InetStack stack : stacks) {
            next = Math.min(next, stack.nextDeadline());
        }
        return next;
    }

    /**
     * Runs until {@code step} (the application's work at this instant, called after the stacks settle) returns
     * true, or {@code limitNanos} of virtual time pass, or nothing is left to happen. Returns the last answer
     * of {@code step}.
     */
    public boolean runUntil(BooleanSupplier step, long limitNanos) {
        long end = saturatedAdd(network.now(), limitNanos);
        int rounds = 0;
        while (true) {
            settle();
            if (step.getAsBoolean()) {
                return true;
            }
            // The application may have queued output: let it out at this instant before moving time.
            if (settle() > 0 && ++rounds < MAX_ROUNDS_PER_INSTANT) {
                continue;
            }
            rounds = 0;
            long now = network.now();
            long next = nextEventTime();
            if (next == Long.MAX_VALUE || next > end) {
                if (end > now && next != Long.MAX_VALUE) {
                    network.advanceTo(end);
                }
                settle();
                return step.getAsBoolean();
            }
            network.advanceTo(Math.max(next, now + (next <= now ? NUDGE_NANOS : 0)));
        }
    }

    /** Runs for {@code nanos} of virtual time with no application work. */
    public void runFor(long nanos) {
        long end = saturatedAdd(network.now(), nanos);
        runUntil(() -> network.now() >= end, nanos);
    }

    /** Frames the links dropped (random or burst loss, and queue overflow), every direction of every host. */
    public long framesDropped() {
        long dropped = 0;
        for (SimHost host : hosts) {
            dropped += dropped(host.port().toSwitch()) + dropped(host.port().fromSwitch());
            LinkStatistics statistics = host.port().statistics();
            dropped += statistics.rxDrops();
        }
        return dropped;
    }

    /** Frames the links' impairments dropped (random or burst loss), every direction of every host. */
    public long framesLost() {
        long lost = 0;
        for (SimHost host : hosts) {
            lost += host.port().toSwitch().impairment().dropped() + host.port().fromSwitch().impairment().dropped();
        }
        return lost;
    }

    /**
     * Frames dropped for want of room, every host: a full link transmit queue, and a full receive side (the host's
     * receive queue, or its port's buffer pool when the switch copies a frame out to it: the switch's egress
     * buffering). These are congestion drops, as a real switch's.
     */
    public long framesDroppedByQueues() {
        long dropped = 0;
        for (SimHost host : hosts) {
            dropped += host.port().toSwitch().queueDrops() + host.port().fromSwitch().queueDrops()
                    + host.port().statistics().rxDrops();
        }
        return dropped;
    }

    /** Frames the links corrupted, every direction of every host. */
    public long framesCorrupted() {
        long corrupted = 0;
        for (SimHost host : hosts) {
            corrupted += host.port().toSwitch().impairment().corrupted()
                    + host.port().fromSwitch().impairment().corrupted();
        }
        return corrupted;
    }

    private static long dropped(LinkDirection direction) {
        return direction.impairment().dropped() + direction.queueDrops();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    /** Closes every stack and the network (finishing captures). Idempotent. */
    @Override
    public void close() {
        for (SimHost host : hosts) {
            host.stack().close();
        }
        network.close();
    }
}
