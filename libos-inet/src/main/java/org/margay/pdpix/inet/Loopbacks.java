package org.margay.pdpix.inet;

import java.util.HashMap;
import java.util.Map;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.Clock;

/**
 * The process's named in-memory links for configuration: {@code loopback:<name>:<side>[:<mtu>]} names end
 * {@code a} or {@code b} of a {@link LoopbackPair} called {@code name}, made when the first end is taken and
 * closed when both ends are given back, so two library OSes opened from configuration in one process talk to
 * each other. Both ends must use one clock (the same {@link LibOSGroup}'s). Thread-safe (opening is cold path).
 */
final class Loopbacks {
    /** Buffers per end's pool. */
    private static final int POOL = 4096;
    /** Frames queued per direction. */
    private static final int RING = 1024;
    private static final int HEADROOM = 128;

    private static final Map<String, Entry> PAIRS = new HashMap<>();

    private static final class Entry {
        final LoopbackPair pair;
        final Clock clock;
        final int mtu;
        boolean aTaken;
        boolean bTaken;

        Entry(LoopbackPair pair, Clock clock, int mtu) {
            this.pair = pair;
            this.clock = clock;
            this.mtu = mtu;
        }
    }

    /** A device taken from the registry, and how to give it back. */
    record Taken(NetworkDevice device, Runnable release) {
    }

    private Loopbacks() {
    }

    /** Whether {@code spec} names a loopback end. */
    static boolean matches(String spec) {
        return spec.startsWith("loopback:");
    }

    /** Takes the end {@code spec} names; fails naming {@code key} for a bad spec, a taken end or another clock. */
    static synchronized Taken take(String key, String spec, Clock clock) {
        String[] parts = spec.split(":");
        if (parts.length < 3 || parts.length > 4 || parts[1].isBlank()) {
            throw ConfigKeys.bad(key, spec, "is not loopback:<name>:<a|b>[:<mtu>]", null);
        }
        String name = parts[1];
        boolean a = switch (parts[2]) {
            case "a" -> true;
            case "b" -> false;
            default -> throw ConfigKeys.bad(key, spec, "names side '" + parts[2] + "'; a loopback link has sides a and b", null);
        };
        int mtu = 1500;
        if (parts.length == 4) {
            try {
                mtu = Integer.parseInt(parts[3]);
            } catch (NumberFormatException e) {
                throw ConfigKeys.bad(key, spec, "has a bad MTU", e);
            }
            if (mtu < 68 || mtu > 65535) {
                throw ConfigKeys.bad(key, spec, "has an MTU outside 68..65535", null);
            }
        }
        Entry e = PAIRS.get(name);
        if (e == null) {
            int bufferSize = mtu + 14 + 8 + HEADROOM;
            e = new Entry(new LoopbackPair("loopback-" + name, LoopbackPair.DEFAULT_MAC_A, LoopbackPair.DEFAULT_MAC_B, mtu,
                    POOL, bufferSize, HEADROOM, RING, clock), clock, mtu);
            PAIRS.put(name, e);
        } else if (e.clock != clock) {
            throw ConfigKeys.bad(key, spec, "joins a link whose other end runs on another clock: open both in one group "
                    + "(the same .group name)", null);
        } else if (e.mtu != mtu) {
            throw ConfigKeys.bad(key, spec, "asks MTU " + mtu + " of a link made with MTU " + e.mtu, null);
        }
        if (a ? e.aTaken : e.bTaken) {
            throw ConfigKeys.bad(key, spec, "names an end already in use", null);
        }
        if (a) {
            e.aTaken = true;
        } else {
            e.bTaken = true;
        }
        Entry entry = e;
        return new Taken(a ? e.pair.a() : e.pair.b(), () -> give(name, entry, a));
    }

    private static synchronized void give(String name, Entry e, boolean a) {
        if (a) {
            e.aTaken = false;
        } else {
            e.bTaken = false;
        }
        if (!e.aTaken && !e.bTaken && PAIRS.get(name) == e) {
            PAIRS.remove(name);
            e.pair.close();
        }
    }
}
