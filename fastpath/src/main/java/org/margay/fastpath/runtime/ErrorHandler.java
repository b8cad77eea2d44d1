package org.margay.fastpath.runtime;

/**
 * Where a {@link PollLoop} reports an exception thrown by a poller, an agent, a background task or a
 * continuation. The loop has already counted it and carries on; the handler decides what else to do (log it,
 * record it for a test, or stop the application). It runs on the loop's thread and must not throw.
 */
@FunctionalInterface
public interface ErrorHandler {
    /**
     * One failure.
     *
     * @param source what threw: {@code "poller 0"}, an agent's {@link Agent#roleName()},
     *               {@code "background task"} or {@code "continuation"}
     * @param error  what it threw
     */
    void onError(String source, Throwable error);
}
