package org.margay.examples;

import org.margay.pdpix.QResult;

/**
 * An application written against PDPIX as a reaction to completions: it opens its queues and starts its first
 * operations in {@link #start}, then each completed qtoken of a queue it owns comes to {@link #onCompletion}, where
 * it starts the next ones. Written this way, any number of applications on any number of library OS instances
 * share one thread under an {@link AppRunner} (a server and its client in one process, the demo's two stacks).
 *
 * <p>Invariants: an application claims every queue it opens or accepts with {@link AppRunner#own} and gives it up
 * with {@link AppRunner#disown} when closed; it frees every element it pops or allocates; it never blocks (no
 * {@code wait} with a timeout, no blocking push or pop) inside {@link #onCompletion}.
 *
 * <h2>Stale completions</h2>
 * Completions are routed by queue descriptor, and a library OS reuses the descriptor of a closed queue. So an
 * application remembers the qtokens it started on each queue and treats a completion whose {@link QResult#qt()}
 * is not one of them as stale (an operation cancelled by its own close, reported after the descriptor was reused):
 * it frees the element, if any, and ignores it.
 */
public interface QueueApp {
    /** A short name for traces and reports. */
    String name();

    /** Opens queues and starts the first operations. Called once, by {@link AppRunner#start}. */
    void start(AppRunner runner);

    /**
     * One completed operation on a queue this application owns. The result object is the runner's and is reused
     * after the call: copy what must be kept. A popped element is the application's to free.
     */
    void onCompletion(QResult result);

    /** Whether the application has done all it set out to do (a server that runs until stopped says false). */
    boolean finished();
}
