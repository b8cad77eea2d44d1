package org.margay.net.common.timer;

/**
 * What {@link TimingWheel#expire(long, TimerHandler, int)} calls for every timer that is due.
 *
 * <p>When {@link #onTimer} runs, the timer has already left the wheel: its id is stale (a {@code cancel} or
 * {@code reschedule} of it answers "not scheduled"), and a periodic timer schedules itself anew. The handler
 * may schedule, cancel and reschedule other timers of the same wheel; it must not call {@code expire} again.
 */
@FunctionalInterface
public interface TimerHandler {
    /**
     * One timer fired.
     *
     * @param timerId  the id {@link TimingWheel#schedule(long, long)} returned (now stale)
     * @param payload  the payload given at scheduling, unchanged
     * @param nowNanos the time passed to {@code expire}; never earlier than the timer's deadline
     */
    void onTimer(long timerId, long payload, long nowNanos);
}
