package org.margay.netsim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.fastpath.time.VirtualClock;

/**
 * A deterministic network simulator: hosts attached to simulated switches over links with latency,
 * bandwidth, queues and seeded impairments, all on one {@link VirtualClock}.
 *
 * <h2>Driving it</h2>
 * Nothing happens on its own: frames in flight are deliveries in an event queue ordered by (time, sequence
 * number), and time moves only when the driver says so. A driver of stacks does, in a loop:
 * <pre>{@code
 * poll every stack at network.now();                 // receive, process, transmit
 * long next = Math.min(network.nextEventTime(), every stack's next timer);
 * if (next == Long.MAX_VALUE) break;                  // nothing will ever happen again
 * network.advanceTo(next);                            // deliver what is due, move the clock
 * }</pre>
 * Stacks read {@link #clock()} for their timers, so the same seed and the same inputs give the same run,
 * byte for byte, on any machine and at any speed.
 *
 * <h2>Seeds</h2>
 * Each direction of each link draws its own random stream: the direction {@code d} (0 towards the switch, 1
 * back) of the {@code k}-th link attached (counting from 0 across the network) uses a seed mixed from its
 * profile's seed, {@code k} and {@code d}, so that links sharing a profile do not fail in lockstep.
 *
 * <h2>Cost</h2>
 * In steady state nothing allocates per frame: a frame is copied once per egress port into a buffer of the
 * receiving host's pool, and the event queue and link queues are preallocated arrays (they grow only past
 * their largest size so far). Single-threaded.
 */
public final class SimNetwork implements AutoCloseable {
    private final VirtualClock clock;
    private final EventQueue events = new EventQueue(1024);
    private final List<SimSwitch> switches = new ArrayList<>();
    private final List<SimPort> ports = new ArrayList<>();
    private final List<FrameTap> taps = new ArrayList<>();
    private int linkOrdinals;
    private long eventsProcessed;
    private boolean closed;

    /** A network whose clock starts at time zero. */
    public SimNetwork() {
        this(0);
    }

    /** A network whose clock starts at {@code startNanos}. */
    public SimNetwork(long startNanos) {
        this.clock = new VirtualClock(startNanos);
    }

    /** The network's clock: give it to every stack; only this network moves it. */
    public VirtualClock clock() {
        return clock;
    }

    /** The current virtual time in nanoseconds. */
    public long now() {
        return clock.nanoTime();
    }

    /** Adds a switch that hosts can {@link SimSwitch#attach attach} to. */
    public SimSwitch addSwitch(String name) {
        checkOpen();
        SimSwitch added = new SimSwitch(this, Objects.requireNonNull(name, "name"));
        switches.add(added);
        return added;
    }

    /** Every host port, in attachment order. */
    public List<SimPort> ports() {
        return List.copyOf(ports);
    }

    /** Every switch, in creation order. */
    public List<SimSwitch> switches() {
        return List.copyOf(switches);
    }

    /** When the next frame arrives somewhere, or {@link Long#MAX_VALUE} when nothing is in flight. */
    public long nextEventTime() {
        return events.peekTime();
    }

    /** Frames in flight (scheduled deliveries). */
    public int pendingEvents() {
        return events.size();
    }

    /** Deliveries performed since the network was built. */
    public long eventsProcessed() {
        return eventsProcessed;
    }

    /**
     * Performs every delivery due at or before {@code nanos}, in (time, sequence) order, moving the clock to
     * each one's time, and finally moves the clock to {@code nanos}. Deliveries scheduled meanwhile for a
     * time not after {@code nanos} (zero-latency hops) are performed too. Returns the number performed.
     *
     * @throws IllegalArgumentException if {@code nanos} is before {@link #now()}
     */
    public int advanceTo(long nanos) {
        checkOpen();
        if (nanos < clock.nanoTime()) {
            throw new IllegalArgumentException("cannot advance the network back in time: now " + clock.nanoTime()
                    + " ns, asked for " + nanos + " ns");
        }
        int performed = 0;
        while (events.peekTime() <= nanos) {
            clock.set(events.peekTime());
            events.dispatchFirst();
            performed++;
        }
        clock.set(nanos);
        eventsProcessed += performed;
        return performed;
    }

    /**
     * Performs deliveries until nothing is in flight, moving the clock to each one's time (it ends at the
     * last delivery). Returns the number performed. Frames handed to hosts wait in their receive queues.
     */
    public int runUntilIdle() {
        checkOpen();
        int performed = 0;
        while (!events.isEmpty()) {
            clock.set(events.peekTime());
            events.dispatchFirst();
            performed++;
        }
        eventsProcessed += performed;
        return performed;
    }

    /**
     * Records every frame that crosses {@code port}, in both directions, to a pcapng file at {@code file}:
     * frames the host transmits (stamped when it transmits them, before the link can damage them) and frames
     * delivered into its receive queue (stamped at arrival, as the host sees them). Timestamps are virtual
     * time in nanoseconds. The file is complete when the network is {@link #close() closed}.
     */
    public void recordLink(SimPort port, Path file) {
        checkOpen();
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(file, "file");
        if (!ports.contains(port)) {
            throw new IllegalArgumentException(port + " is not part of this network");
        }
        FrameTap tap = new PcapngLinkRecorder(file, port.name());
        port.tap(tap);
        taps.add(tap);
    }

    /**
     * Ends the simulation: releases every frame in flight or queued, closes every port, finishes every
     * capture file, then frees every pool. Buffers a stack still holds become unusable. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.releaseAll();
        for (SimPort port : ports) {
            port.toSwitch().releaseHeld();
            port.fromSwitch().releaseHeld();
            port.close();
        }
        RuntimeException failure = null;
        for (FrameTap tap : taps) {
            try {
                tap.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        for (SimPort port : ports) {
            port.closePool();
        }
        if (failure != null) {
            throw failure;
        }
    }

    EventQueue events() {
        return events;
    }

    int nextLinkOrdinal() {
        return linkOrdinals++;
    }

    void register(SimPort port) {
        ports.add(port);
    }

    /** The profile with the seed of direction {@code direction} of link {@code linkOrdinal} (see class doc). */
    static ImpairmentProfile seeded(ImpairmentProfile profile, int linkOrdinal, int direction) {
        if (profile.isNone()) {
            return profile;
        }
        long stream = 2L * linkOrdinal + direction + 1;
        return profile.withSeed(mix64(profile.seed() + 0x9E37_79B9_7F4A_7C15L * stream));
    }

    /** The SplitMix64 finaliser: spreads nearby inputs over the whole range. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the simulated network is closed");
        }
    }
}
