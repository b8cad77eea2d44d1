package org.margay.perf;

import java.util.Map;

/**
 * One thing a scenario measures in every round: Margay over a device, or an alternative. {@code skipReason} is
 * non-null when it cannot run here (and it is then never run); {@code run} produces the client's results for one
 * round; {@code cleanup} runs once after the last round (it closes a {@link Session}).
 *
 * @param name       the variant's name (an alternativeName such as {@code netty-epoll}, or {@code margay-shm})
 * @param skipReason why it cannot run here, or null
 * @param run        runs one round
 * @param cleanup    what to do after the last round
 */
public record Variant(String name, String skipReason, Run run, Runnable cleanup) {
    /** One round of a variant: the client's {@code RESULT} values. */
    @FunctionalInterface
    public interface Run {
        /** Runs it once; {@code round} counts from 0. */
        Map<String, String> run(int round) throws Pair.Failed, Exception;
    }

    /** Opens the session of a session variant. */
    @FunctionalInterface
    public interface Opener {
        /** Starts the pair; throws {@link Pair.Failed} when it cannot. */
        Session open() throws Pair.Failed, Exception;
    }

    /** A variant whose every round starts its own processes. */
    public static Variant of(String name, Run run) {
        return new Variant(name, null, run, () -> { });
    }

    /**
     * A variant kept as one {@link Session} across rounds (opened at the first round, reopened after a failure);
     * {@code firstTimeoutMillis} bounds the first window (with the JIT warm-up), {@code timeoutMillis} later ones,
     * and {@code afterClose} removes what the session left behind (a shared-memory file, a socket).
     */
    public static Variant session(String name, Opener opener, long firstTimeoutMillis, long timeoutMillis,
                                  Runnable afterClose) {
        Session[] current = new Session[1];
        Runnable close = () -> {
            if (current[0] != null) {
                current[0].close();
                current[0] = null;
            }
            afterClose.run();
        };
        Run run = round -> {
            boolean first = current[0] == null;
            if (first) {
                current[0] = opener.open();
            }
            try {
                return current[0].measure(first ? firstTimeoutMillis : timeoutMillis);
            } catch (Pair.Failed | java.io.IOException e) {
                close.run();
                throw e;
            }
        };
        return new Variant(name, null, run, close);
    }

    /** A variant that cannot run here. */
    public static Variant skipped(String name, String reason) {
        return new Variant(name, reason, round -> {
            throw new Pair.Failed(reason);
        }, () -> { });
    }
}
