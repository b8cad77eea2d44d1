package org.margay.explain.sim;

/**
 * The applications of a lab run: what the hosts' programs do (connect, write, read, close), written against the
 * stacks' APIs and driven by the {@link LabNetwork} loop on virtual time.
 */
public interface LabApp {
    /** Called once, after the hosts exist and before time moves: listen, connect, bind. */
    void start(LabNetwork network);

    /** The applications' work at the current instant; returns true when they are finished. */
    boolean step(LabNetwork network);

    /**
     * The next virtual time at which the applications want to act although nothing happens on the network (a
     * reader that waits two seconds before reading, say), or {@link Long#MAX_VALUE}.
     */
    default long nextWake() {
        return Long.MAX_VALUE;
    }

    /** Lines for the explanation's summary once the run is over (what the applications saw). */
    default java.util.List<String> summary() {
        return java.util.List.of();
    }
}
