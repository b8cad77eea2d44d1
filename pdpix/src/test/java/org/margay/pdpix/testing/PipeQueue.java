package org.margay.pdpix.testing;

import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * A loopback pipe: a push parks until the next duty cycle moves its element to the readable side (completing the
 * push); a pop takes the oldest readable element or parks. {@link #stall} freezes the transfer, so that pushes and
 * pops stay pending as long as a test likes. Holds the library OS's copies of pushed elements (shared buffers).
 */
public final class PipeQueue extends IoQueue {
    private final java.util.ArrayDeque<Sga> readable = new java.util.ArrayDeque<>();
    private boolean stalled;
    private boolean swallowPops;
    private boolean ended;
    private boolean closedNow;

    PipeQueue(AbstractLibOS libos, SocketType type) {
        super(libos, Domain.INET, type);
    }

    /**
     * Ends the stream: later pushes fail with EPIPE, and once every readable element is popped, pops complete with
     * an empty element (end of stream), as a STREAM queue's do after the peer closed.
     */
    public void shutdown() {
        ended = true;
        wake();
    }

    /** Freezes ({@code true}) or resumes the transfer. */
    public void stall(boolean stalled) {
        this.stalled = stalled;
    }

    /** Makes the pipe faulty: it accepts pops and then forgets them (for tests that nothing hangs on such a queue). */
    public void swallowPops(boolean swallow) {
        this.swallowPops = swallow;
    }

    /** Elements readable and not yet popped. */
    public int readable() {
        return readable.size();
    }

    /** Whether {@link #closeNow()} ran. */
    public boolean closedNow() {
        return closedNow;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (ended) {
            return Errno.EPIPE;
        }
        pendingPushes.add(slot);
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        if (swallowPops) {
            return Errno.OK;
        }
        Sga e = readable.poll();
        if (e == null && ended) {
            completePop(slot, libos.sgaPool().allocateEmpty(), 0, 0);
        } else if (e == null) {
            pendingPops.add(slot);
        } else {
            completePop(slot, e, e.addressIp(), e.addressPort());
        }
        return Errno.OK;
    }

    /** Moves every parked push to the readable side and serves parked pops; returns the work done. */
    int transfer() {
        if (stalled) {
            return 0;
        }
        int work = 0;
        for (int s = pendingPushes.poll(); s >= 0; s = pendingPushes.poll()) {
            readable.add(takePushedElement(s));
            completePush(s);
            work++;
        }
        while (!readable.isEmpty() && !pendingPops.isEmpty()) {
            Sga e = readable.poll();
            completePop(pendingPops.poll(), e, e.addressIp(), e.addressPort());
            work++;
        }
        while (ended && !pendingPops.isEmpty()) {
            completePop(pendingPops.poll(), libos.sgaPool().allocateEmpty(), 0, 0);
            work++;
        }
        return work;
    }

    @Override
    protected int service(long nowNanos) {
        return transfer();
    }

    @Override
    protected void closeNow() {
        closedNow = true;
        for (Sga e = readable.poll(); e != null; e = readable.poll()) {
            e.pool().free(e);
        }
    }
}
