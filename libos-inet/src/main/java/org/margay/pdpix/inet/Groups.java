package org.margay.pdpix.inet;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.margay.fastpath.time.Clock;
import org.margay.fastpath.time.SystemClock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.LibOSConfig;

/**
 * The groups library OSes opened from configuration join: {@code <libos>.group=<name>} puts every library OS of
 * that name in one {@link LibOSGroup} (one thread, one clock); without it each gets a private group.
 * {@code <libos>.clock} is {@code system} (the default) or {@code virtual} (time jumps from deadline to deadline:
 * deterministic runs that take no wall-clock time). A named group is forgotten when its last member closes.
 * Thread-safe (opening is cold path).
 */
final class Groups {
    private static final Map<String, Named> NAMED = new HashMap<>();

    private record Named(LibOSGroup group, boolean virtual) {
    }

    private Groups() {
    }

    /** The group {@code config} asks for under {@code prefix} ("inet." or "link."). */
    static synchronized LibOSGroup resolve(LibOSConfig config, String prefix) {
        ConfigKeys keys = new ConfigKeys(config);
        String clockKey = prefix + "clock";
        String clockName = keys.optional(clockKey);
        boolean virtual;
        if (clockName == null || clockName.toLowerCase(Locale.ROOT).equals("system")) {
            virtual = false;
        } else if (clockName.toLowerCase(Locale.ROOT).equals("virtual")) {
            virtual = true;
        } else {
            throw ConfigKeys.bad(clockKey, clockName, "is not system or virtual", null);
        }
        String name = keys.optional(prefix + "group");
        if (name == null) {
            return new LibOSGroup(clock(virtual), LibOSGroup.idleStrategy(config));
        }
        Named n = NAMED.get(name);
        if (n != null) {
            if (clockName != null && n.virtual() != virtual) {
                throw ConfigKeys.bad(clockKey, clockName, "differs from the clock of group '" + name + "' ("
                        + (n.virtual() ? "virtual" : "system") + ")", null);
            }
            return n.group();
        }
        LibOSGroup group = new LibOSGroup(clock(virtual), LibOSGroup.idleStrategy(config));
        NAMED.put(name, new Named(group, virtual));
        group.onEmpty(() -> forget(name, group));
        return group;
    }

    /** Forgets a named group that no member joined after all (its first library OS failed to open). */
    static synchronized void abandon(LibOSGroup group) {
        if (group.members().isEmpty()) {
            NAMED.values().removeIf(n -> n.group() == group);
        }
    }

    private static synchronized void forget(String name, LibOSGroup group) {
        Named n = NAMED.get(name);
        if (n != null && n.group() == group) {
            NAMED.remove(name);
        }
    }

    private static Clock clock(boolean virtual) {
        return virtual ? new VirtualClock(1_000_000_000L) : SystemClock.INSTANCE;
    }
}
