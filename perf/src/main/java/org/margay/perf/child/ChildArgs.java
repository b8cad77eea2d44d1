package org.margay.perf.child;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code key=value} arguments the runner passes to a child process, with typed getters that fail with the
 * key's name. Cold path.
 */
public final class ChildArgs {
    private final Map<String, String> values = new HashMap<>();

    /** Parses {@code args} (each {@code key=value}). */
    public ChildArgs(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("child argument must be key=value, got " + args[i]);
            }
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
    }

    /** The value of {@code key}, which must be present. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing child argument " + key + "=...");
        }
        return v;
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** An int argument. */
    public int intValue(String key, int fallback) {
        String v = values.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** A long argument. */
    public long longValue(String key, long fallback) {
        String v = values.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }
}
