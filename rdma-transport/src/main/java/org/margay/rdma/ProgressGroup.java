package org.margay.rdma;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Errno;
import org.margay.pdpix.PdpixException;

/**
 * RDMA library OSes that share one thread (and one clock): a server and its client in one process over an
 * in-process fabric, say. A wait on any member drives every member, because on RDMA the other side has work to do
 * for an operation to complete (accept a connection request, re-post receives and return credits).
 *
 * <p>A member's duty cycle polls its own device and then, when the group is not already inside a pass, every other
 * member's whole duty cycle; a member polled from inside a pass polls only itself, so nothing recurses. On a
 * {@link VirtualClock} an idle wait jumps the clock to the earliest of its deadline and every member's next timer.
 * Groups are found by name ({@code rdma.group}), so library OSes opened from configuration alone share one.
 * Single-threaded.
 */
final class ProgressGroup {
    private static final Map<String, ProgressGroup> NAMED = new ConcurrentHashMap<>();

    private final String name;
    private final Clock clock;
    private final VirtualClock virtualClock;
    private final List<RdmaLibOS> members = new ArrayList<>();
    private RdmaLibOS[] snapshot = new RdmaLibOS[0];
    private boolean inPass;

    private ProgressGroup(String name, boolean virtual) {
        this.name = name;
        this.virtualClock = virtual ? new VirtualClock() : null;
        this.clock = virtual ? virtualClock : SystemClock.INSTANCE;
    }

    /** A group of one library OS (no name). */
    static ProgressGroup solo(boolean virtual) {
        return new ProgressGroup(null, virtual);
    }

    /** The group called {@code name}, made with the given clock kind on first use. */
    static ProgressGroup named(String name, boolean virtual) {
        ProgressGroup g = NAMED.computeIfAbsent(name, n -> new ProgressGroup(n, virtual));
        if ((g.virtualClock != null) != virtual) {
            throw new PdpixException(Errno.EINVAL, "rdma.group=" + name + " runs on a " + (g.virtualClock != null ? "virtual" : "real")
                    + " clock; every member must set the same rdma.clock");
        }
        return g;
    }

    Clock clock() {
        return clock;
    }

    boolean isVirtual() {
        return virtualClock != null;
    }

    void join(RdmaLibOS member) {
        members.add(member);
        snapshot = members.toArray(new RdmaLibOS[0]);
    }

    void leave(RdmaLibOS member) {
        members.remove(member);
        snapshot = members.toArray(new RdmaLibOS[0]);
        if (members.isEmpty() && name != null) {
            NAMED.remove(name, this);
        }
    }

    /** Runs every other member's duty cycle once, unless a pass is already running; returns the work done. */
    int pollOthers(RdmaLibOS caller) {
        if (inPass || snapshot.length < 2) {
            return 0;
        }
        inPass = true;
        int work = 0;
        try {
            RdmaLibOS[] all = snapshot;
            for (RdmaLibOS m : all) {
                if (m != caller && !m.isClosed()) {
                    work += m.poll();
                }
            }
        } finally {
            inPass = false;
        }
        return work;
    }

    /** The earliest timer of any member, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (RdmaLibOS m : snapshot) {
            d = Math.min(d, m.nextDeadline());
        }
        return d;
    }

    /** Moves a virtual clock forward to {@code nanos} (never back). */
    void advanceTo(long nanos) {
        if (virtualClock != null && nanos > virtualClock.nanoTime() && nanos != Long.MAX_VALUE) {
            virtualClock.set(nanos);
        }
    }
}
