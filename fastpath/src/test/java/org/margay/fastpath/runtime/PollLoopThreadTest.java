package org.margay.fastpath.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.SystemClock;

/**
 * Thread mode: the loop runs agents on its own thread until closed. The waits below wait for the other
 * thread to reach a point (with a generous bound so a broken build fails instead of hanging); nothing
 * asserts a duration.
 */
class PollLoopThreadTest {

    @Test
    void runsAgentsOnItsThreadUntilClosed() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ranTask = new CountDownLatch(1);
        AtomicReference<Thread> agentThread = new AtomicReference<>();
        AtomicReference<Thread> closeThread = new AtomicReference<>();
        PollLoop loop = new PollLoop(SystemClock.INSTANCE, IdleStrategies.parse("backoff"), 8, 8);
        loop.addAgent(new Agent() {
            boolean scheduled;

            @Override
            public int doWork(long nowNanos) {
                agentThread.set(Thread.currentThread());
                if (!scheduled) {
                    scheduled = true;
                    loop.scheduleTask(nowNanos, now -> ranTask.countDown());
                }
                return 0;
            }

            @Override
            public String roleName() {
                return "app";
            }

            @Override
            public void onStart() {
                started.countDown();
            }

            @Override
            public void onClose() {
                closeThread.set(Thread.currentThread());
            }
        });
        loop.start("margay-test-loop");
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertTrue(ranTask.await(30, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> loop.start("again"));
        assertThrows(IllegalStateException.class, () -> loop.runUntil(() -> true, 0));
        assertThrows(IllegalStateException.class, () -> loop.addPoller(new Poller() {
            @Override
            public int poll(long nowNanos) {
                return 0;
            }

            @Override
            public long nextDeadline() {
                return Long.MAX_VALUE;
            }
        }));
        assertTrue(loop.isRunningOnThread());
        loop.close();
        assertFalse(loop.isRunningOnThread());
        assertTrue(loop.isClosed());
        assertEquals("margay-test-loop", agentThread.get().getName());
        assertNotSame(Thread.currentThread(), agentThread.get());
        assertEquals(agentThread.get(), closeThread.get(), "onClose runs on the loop thread");
        loop.close();
    }

    @Test
    void anAgentMayCloseTheLoopFromItsOwnThread() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        PollLoop loop = new PollLoop(SystemClock.INSTANCE, new BusySpinIdleStrategy(), 1, 1);
        loop.addAgent(new Agent() {
            @Override
            public int doWork(long nowNanos) {
                loop.close();
                return 1;
            }

            @Override
            public String roleName() {
                return "closer";
            }

            @Override
            public void onClose() {
                closed.countDown();
            }
        });
        loop.start("margay-self-closing-loop");
        assertTrue(closed.await(30, TimeUnit.SECONDS));
        loop.close(); // joins the finished thread
        assertTrue(loop.isClosed());
    }
}
