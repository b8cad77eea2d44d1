package org.margay.fastpath.runtime;

/**
 * Does nothing between duty cycles: for loops whose caller decides when to come back (invoker mode inside
 * another loop) and for virtual time, where an idle cycle advances the clock instead of waiting.
 */
public final class NoOpIdleStrategy implements IdleStrategy {
    @Override
    public void idle(int workCount) {
    }

    @Override
    public void idle() {
    }

    @Override
    public void reset() {
    }

    @Override
    public String toString() {
        return "noop";
    }
}
