package org.margay.fastpath.runtime;

/**
 * What a loop does between duty cycles that found no work: spin, yield, park. Called on the loop's own
 * thread; implementations keep per-loop state (a backoff position), so one instance serves one loop.
 *
 * <p>Use: {@code idle.idle(work)} after every duty cycle. A positive work count resets the strategy; zero
 * counts as one idle step.
 */
public interface IdleStrategy {
    /** After a duty cycle that did {@code workCount} work: resets when positive, else one idle step. */
    void idle(int workCount);

    /** One idle step, unconditionally. */
    void idle();

    /** Back to the first (most eager) idle step. */
    void reset();

    /**
     * The default {@link #idle(int)}: implementations call this to share the rule "work resets, no work
     * idles".
     */
    static void idleOrReset(IdleStrategy strategy, int workCount) {
        if (workCount > 0) {
            strategy.reset();
        } else {
            strategy.idle();
        }
    }
}
