package org.margay.pdpix.inet;

import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.time.Clock;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.AbstractLibOS;

/**
 * The base of this module's library OSes: one whose poll loop is shared with the other members of its
 * {@link LibOSGroup} (a private group of one unless it joined another). It reads time from the group's clock,
 * and its waits idle through the group, so a wait on one member drives them all and a virtual clock jumps to
 * the group's next deadline instead of sleeping.
 *
 * <p>A subclass supplies {@link #pollDevices()} (one pass over its stack or devices) and {@link #nextDeadline()},
 * and releases its own resources in {@link #closeOwnResources()}. Single-threaded.
 */
public abstract class SharedLoopLibOS extends AbstractLibOS {
    private final Clock clock;
    private final LibOSGroup group;

    /**
     * A future member of {@code group}, named {@code name}, with tables sized from {@code config}; elements'
     * segments come from {@code elementBuffers}. The subclass calls {@link #joinGroup()} once it is fully built.
     */
    protected SharedLoopLibOS(String name, LibOSConfig config, BufferPool elementBuffers, LibOSGroup group) {
        super(name, config, elementBuffers);
        this.group = Objects.requireNonNull(group, "group");
        this.clock = group.clock();
    }

    /** Joins the group: from now on waits on other members drive this one too. Call once, last in construction. */
    protected final void joinGroup() {
        group.join(this);
    }

    /** The group whose loop this library OS shares. */
    public final LibOSGroup group() {
        return group;
    }

    /** The clock (the group's). */
    public final Clock clock() {
        return clock;
    }

    /** One pass over this library OS's own stack or devices; returns the work done. */
    protected abstract int pollDevices();

    /** The earliest time this library OS has timer work, its clock's now when output waits, else MAX_VALUE. */
    public abstract long nextDeadline();

    /** Releases the stack, devices and pools after every queue was closed. */
    protected abstract void closeOwnResources();

    @Override
    protected final int pollIo() {
        int own = pollDevices();
        return own + group.afterOwnIo(this, own);
    }

    @Override
    protected final long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    protected final void idle(long deadlineNanos) {
        group.idle(deadlineNanos);
    }

    @Override
    protected final void closeResources() {
        try {
            closeOwnResources();
        } finally {
            group.leave(this);
        }
    }
}
