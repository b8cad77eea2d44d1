package org.margay.pdpix.testing;

import java.util.ArrayList;
import java.util.List;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * A library OS for tests of {@link AbstractLibOS}: its sockets ({@code DGRAM} or {@code STREAM} in {@code INET}) are
 * {@link PipeQueue}s,
 * loopback pipes that move pushed elements to their readable side only in the poll loop, so pushes and pops really
 * wait. Its clock is virtual: an idle wait cycle jumps the clock to the wait's deadline (or 1 ms on when there is
 * none), so timeouts are exact and cost no real time.
 */
public final class TestLibOS extends AbstractLibOS {
    private final VirtualClock clock = new VirtualClock();
    private final List<PipeQueue> pipes = new ArrayList<>();
    private Runnable onIdle = () -> { };
    private int idleCalls;
    private boolean resourcesClosed;

    /** A library OS over {@code buffers} with the given configuration. */
    public TestLibOS(LibOSConfig config, BufferPool buffers) {
        super("test", config, buffers);
    }

    /** A library OS over {@code buffers} with the default configuration. */
    public TestLibOS(BufferPool buffers) {
        this(LibOSConfig.of("test"), buffers);
    }

    /** The virtual clock. */
    public VirtualClock clock() {
        return clock;
    }

    /** Runs {@code action} at every idle cycle of a wait (to release a stalled pipe, say). */
    public void onIdle(Runnable action) {
        this.onIdle = action;
    }

    /** How many idle cycles waits have spent. */
    public int idleCalls() {
        return idleCalls;
    }

    /** Whether {@link #closeResources()} ran. */
    public boolean resourcesClosed() {
        return resourcesClosed;
    }

    /** The queue behind {@code qd}, or null. */
    public IoQueue queueFor(int qd) {
        return queue(qd);
    }

    /** The pipe behind {@code qd}. */
    public PipeQueue pipe(int qd) {
        IoQueue q = queue(qd);
        if (!(q instanceof PipeQueue p)) {
            throw new IllegalArgumentException(qd + " is not a pipe");
        }
        return p;
    }

    @Override
    protected IoQueue newQueue(Domain domain, SocketType type) {
        if (type == SocketType.RAW) {
            throw new PdpixException(Errno.EPROTONOSUPPORT, "the test library OS has only DGRAM and STREAM pipes");
        }
        PipeQueue pipe = new PipeQueue(this, type);
        pipes.add(pipe);
        return pipe;
    }

    @Override
    protected int pollIo() {
        int work = 0;
        for (int i = 0; i < pipes.size(); i++) {
            PipeQueue p = pipes.get(i);
            if (p.isClosed()) {
                pipes.remove(i--);
            } else {
                work += p.transfer();
            }
        }
        return work;
    }

    @Override
    protected long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    protected void idle(long deadlineNanos) {
        idleCalls++;
        onIdle.run();
        long now = clock.nanoTime();
        clock.set(deadlineNanos == Long.MAX_VALUE ? now + 1_000_000 : Math.max(now, deadlineNanos));
    }

    @Override
    protected void closeResources() {
        resourcesClosed = true;
    }
}
