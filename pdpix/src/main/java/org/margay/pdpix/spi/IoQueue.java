package org.margay.pdpix.spi;

import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * One queue behind a queue descriptor: a socket of some library OS, or a queue operator. {@link AbstractLibOS}
 * validates descriptors, makes qtokens and runs the waits; a queue implements what its kind does.
 *
 * <h2>Data path contract</h2>
 * {@code startPush}/{@code startPop}/{@code startAccept}/{@code startConnect} are called with a PENDING
 * operation slot. They return {@link Errno#OK} when the operation is now the queue's (completed at once, or
 * parked on {@link #pendingPops}/{@link #pendingPushes} to be completed later from {@link #service}), or an
 * error code, in which case the caller fails the operation with it. A pushed element arrives as a library-OS
 * owned copy of the application's {@link Sga} (same buffers, own references): the queue completes the push with
 * {@link #completePush}, which frees that copy.
 *
 * <h2>Readiness</h2>
 * When something happens that may let parked operations progress (data arrived, room in a send buffer, a
 * connection established), the queue calls {@link #wake()}; the library OS then calls {@link #service} once in
 * its next duty cycle. Queue operators that depend on other queues can ask to be serviced every cycle
 * ({@link AbstractLibOS#serviceEveryCycle}).
 *
 * <h2>Cancelling</h2>
 * A parked operation nobody waits for any more is withdrawn with {@link #cancel}; when the queue cannot withdraw
 * it, the operation is abandoned: it completes normally and its slot and element are then released by the
 * {@link OperationTable}.
 *
 * <h2>Control path</h2>
 * The control methods throw {@link PdpixException}; the defaults say the queue kind does not support them.
 */
public abstract class IoQueue {
    /** The library OS this queue belongs to. */
    protected final AbstractLibOS libos;
    /** The library OS's operation slots. */
    protected final OperationTable ops;
    /** Pops waiting for an element, oldest first. */
    protected final OperationFifo pendingPops;
    /** Pushes waiting for room, oldest first. */
    protected final OperationFifo pendingPushes;
    private final Domain domain;
    private final SocketType type;
    private int qd = -1;
    boolean queuedForService;
    boolean inEveryCycle;
    boolean closed;
    int closeSlot = -1;

    /** A queue of {@code type} in {@code domain} for {@code libos}; the descriptor is set when registered. */
    protected IoQueue(AbstractLibOS libos, Domain domain, SocketType type) {
        this.libos = libos;
        this.ops = libos.operations();
        this.pendingPops = new OperationFifo(ops);
        this.pendingPushes = new OperationFifo(ops);
        this.domain = domain;
        this.type = type;
    }

    /** The queue's descriptor, or -1 before registration. */
    public final int qd() {
        return qd;
    }

    final void qd(int qd) {
        this.qd = qd;
    }

    /** The address family. */
    public final Domain domain() {
        return domain;
    }

    /** The queue type. */
    public final SocketType type() {
        return type;
    }

    /** Whether {@link AbstractLibOS#close} or {@code asyncClose} was called on it. */
    public final boolean isClosed() {
        return closed;
    }

    /** Whether an {@code asyncClose} on this queue has not completed yet. */
    final boolean hasPendingClose() {
        return closeSlot >= 0 && ops.isPending(closeSlot);
    }

    /** The slot of a pending {@code asyncClose}, for a queue that completes it when its close finishes; or -1. */
    protected final int pendingCloseSlot() {
        return hasPendingClose() ? closeSlot : -1;
    }

    // ------------------------------------------------------------------ control path

    /** Binds the queue. */
    protected void bind(InetEndpoint local) {
        throw unsupported("bind");
    }

    /** Makes the queue a listener. */
    protected void listen(int backlog) {
        throw unsupported("listen");
    }

    /** The local endpoint. */
    protected InetEndpoint localEndpoint() {
        throw unsupported("getsockname");
    }

    /** The peer endpoint. */
    protected InetEndpoint remoteEndpoint() {
        throw unsupported("getpeername");
    }

    /** Sets an option. */
    protected <T> void setOption(SocketOption<T> option, T value) {
        throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + describe());
    }

    /** Reads an option. */
    protected <T> T getOption(SocketOption<T> option) {
        throw new PdpixException(Errno.ENOPROTOOPT, option + " is not an option of a " + describe());
    }

    // ------------------------------------------------------------------ data path

    /** Starts a push of {@code element} (destination {@code ip:port} for pushTo, else 0:0). */
    protected abstract int startPush(int slot, Sga element, int ip, int port);

    /** Starts a pop. */
    protected abstract int startPop(int slot);

    /** Starts an accept; default {@link Errno#EOPNOTSUPP}. */
    protected int startAccept(int slot) {
        return Errno.EOPNOTSUPP;
    }

    /** Starts a connect; default {@link Errno#EOPNOTSUPP}. */
    protected int startConnect(int slot, int ip, int port) {
        return Errno.EOPNOTSUPP;
    }

    /**
     * Starts an asynchronous close: the default closes at once ({@link #closeNow}) and completes the slot.
     * A connection may instead complete it when its close handshake has gone far enough.
     */
    protected int startClose(int slot) {
        closeNow();
        ops.complete(slot);
        return Errno.OK;
    }

    /**
     * Withdraws a parked operation that nobody will wait for any more (a timed-out {@code blockingPop}, a closing
     * operator's own pop). Returns true when the operation is withdrawn (the caller then frees its slot and
     * element), false when the queue has already started on it and will complete it normally (the result is then
     * discarded). The default withdraws a parked pop, and a parked push that is not the oldest: the oldest push
     * of a stream may be partly written. A queue that parks operations anywhere else must override this.
     */
    protected boolean cancel(int slot) {
        if (pendingPops.remove(slot)) {
            return true;
        }
        return pendingPushes.peek() != slot && pendingPushes.remove(slot);
    }

    /** Progresses parked operations; returns the work done (operations completed). */
    protected int service(long nowNanos) {
        return 0;
    }

    /**
     * Releases the queue's resources at once. The library OS has already failed every parked pop and push with
     * {@link Errno#ECANCELED}; the queue fails whatever else it parked (an accept, a connect) the same way and
     * frees every element it still holds, so that closing never leaks a buffer or leaves a token pending.
     */
    protected abstract void closeNow();

    /** A short description for messages ({@code "TCP queue 7 (ESTABLISHED 10.0.0.1:80)"}). */
    protected String describe() {
        return type + " queue " + qd;
    }

    // ------------------------------------------------------------------ helpers for implementations

    /** Asks the library OS to {@link #service} this queue in its next duty cycle (idempotent). */
    protected final void wake() {
        libos.scheduleService(this);
    }

    /** Completes a push and frees the library OS's copy of its element. */
    protected final void completePush(int slot) {
        Sga element = ops.sga(slot);
        ops.complete(slot);
        if (element != null) {
            libos.sgaPool().free(element);
        }
    }

    /**
     * Takes the library OS's copy of a pending push's element: the queue owns it from now on (it may keep it, as
     * an in-memory queue does, and must free it otherwise); a later {@link #completePush}/{@link #failPush} of
     * the slot then frees nothing.
     */
    protected final Sga takePushedElement(int slot) {
        Sga element = ops.sga(slot);
        ops.attach(slot, null);
        return element;
    }

    /** Fails a push and frees the library OS's copy of its element. */
    protected final void failPush(int slot, int errno) {
        Sga element = ops.sga(slot);
        ops.attach(slot, null);
        ops.fail(slot, errno);
        if (element != null) {
            libos.sgaPool().free(element);
        }
    }

    /** Completes a pop with {@code element} (now the application's) from {@code ip:port} (0:0 on streams). */
    protected final void completePop(int slot, Sga element, int ip, int port) {
        ops.complete(slot, element, -1, ip, port);
    }

    /** Completes an accept with the new connection's descriptor and peer. */
    protected final void completeAccept(int slot, int newQd, int ip, int port) {
        ops.complete(slot, null, newQd, ip, port);
    }

    /** Fails every parked pop and push with {@code errno} (a reset connection, a closed queue). */
    protected final void failAllPending(int errno) {
        for (int s = pendingPops.poll(); s >= 0; s = pendingPops.poll()) {
            ops.fail(s, errno);
        }
        for (int s = pendingPushes.poll(); s >= 0; s = pendingPushes.poll()) {
            failPush(s, errno);
        }
    }

    /** A control-path exception saying this queue kind cannot do {@code what}. */
    protected final PdpixException unsupported(String what) {
        return new PdpixException(Errno.EOPNOTSUPP, what + " is not supported on a " + describe());
    }
}
