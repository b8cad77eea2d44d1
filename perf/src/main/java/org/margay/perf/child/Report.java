package org.margay.perf.child;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * How a child process talks to the runner: one line per fact on standard output, {@code READY} when a server can
 * take its client, {@code RESULT key value} for each figure. Everything else goes to standard error (the run's
 * log). Cold path.
 */
public final class Report {
    private Report() {
    }

    /** Tells the runner the server side is listening (or its device exists). */
    public static void ready() {
        System.out.println("READY");
        System.out.flush();
    }

    /** One figure. */
    public static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
        System.out.flush();
    }

    /** Collections run so far by every collector of this JVM. */
    public static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
