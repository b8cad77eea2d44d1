package org.margay.pdpix.kernel;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import org.margay.pdpix.Domain;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;

/**
 * What every queue of the kernel library OS shares: one NIO channel registered with the library OS's
 * {@link java.nio.channels.Selector}, and its interest set.
 *
 * <p>Invariant: the interest set asks only for what a parked operation waits for (readable while a pop waits
 * for bytes, writable while a push waits for room, connectable while connecting, acceptable while an accept
 * waits). The selector is level-triggered, so an interest left on without a waiting operation would report the
 * socket in every select and keep a blocking wait from sleeping. An interest set of 0 takes the socket out of
 * the kernel's epoll set altogether.
 */
abstract class KernelQueue extends IoQueue {
    /** The library OS, with its selector, caches and pools. */
    protected final KernelLibOS kernel;
    private SelectionKey key;
    private int interest;

    KernelQueue(KernelLibOS kernel, Domain domain, SocketType type) {
        super(kernel, domain, type);
        this.kernel = kernel;
    }

    /** Registers {@code channel} with the selector, with no interest yet. */
    final void watch(SelectableChannel channel) {
        this.key = kernel.registerChannel(channel, this);
        this.interest = 0;
    }

    /** Sets the interest set to {@code ops} (a system call at the next select only when it changes). */
    final void interest(int ops) {
        if (ops != interest && key != null && key.isValid()) {
            key.interestOps(ops);
            interest = ops;
        }
    }

    /** Deregisters and closes {@code channel} at once (see {@link KernelLibOS#closeChannel}). */
    final void release(SelectableChannel channel) {
        kernel.closeChannel(channel, key);
        key = null;
        interest = 0;
    }

    /** The selector found the channel ready for {@code readyOps}: note it and {@link #wake()} the queue. */
    abstract void ready(int readyOps);
}
