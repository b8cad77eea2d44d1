package org.margay.pdpix.ops;

import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * One input of an operator: at most one internal pop outstanding on the input queue, and what came of it. The
 * input is held by object, not descriptor, so a descriptor reused after the input was closed is never popped.
 *
 * <p>An input is <em>finished</em> once it reported end of stream (an empty element on a STREAM queue) or a
 * failure (a FAILED pop, or {@link Errno#ECANCELED} once it is closed); a finished input is not popped again.
 * Allocates nothing.
 */
final class Inlet {
    /** {@link #take} found nothing new. */
    static final int NONE = 0;
    /** {@link #take} got an element: {@link #element()}. */
    static final int ELEMENT = 1;
    /** {@link #take} saw the end of the input's stream. */
    static final int END = 2;
    /** {@link #take} saw the input fail: {@link #errno()}. */
    static final int FAILED = 3;

    private final AbstractLibOS libos;
    private final IoQueue queue;
    private long qt;
    private int failure;
    private boolean finished;
    private Sga element;
    private int errno;

    Inlet(AbstractLibOS libos, IoQueue queue) {
        this.libos = libos;
        this.queue = queue;
    }

    /** The input queue. */
    IoQueue queue() {
        return queue;
    }

    /** Whether the input ended or failed. */
    boolean isFinished() {
        return finished;
    }

    /** Whether a pop is outstanding. */
    boolean isWaiting() {
        return qt != 0;
    }

    /** Whether {@link #take} has something to report. */
    boolean hasResult() {
        return failure != 0 || (qt != 0 && libos.isDone(qt));
    }

    /** Starts a pop on the input unless one is outstanding or the input finished. */
    void request() {
        if (qt != 0 || finished || failure != 0) {
            return;
        }
        if (queue.isClosed()) {
            failure = Errno.ECANCELED;
            return;
        }
        long t = libos.internalPop(queue.qd());
        if (t < 0) {
            failure = (int) -t;
        } else {
            qt = t;
        }
    }

    /** Collects a completed pop into {@code scratch}: {@link #NONE}, {@link #ELEMENT}, {@link #END} or {@link #FAILED}. */
    int take(QResult scratch) {
        if (failure != 0) {
            errno = failure;
            failure = 0;
            finished = true;
            return FAILED;
        }
        if (qt == 0 || !libos.isDone(qt)) {
            return NONE;
        }
        libos.takeInternal(qt, scratch);
        qt = 0;
        if (!scratch.ok()) {
            errno = scratch.ret();
            scratch.clear();
            finished = true;
            return FAILED;
        }
        Sga popped = scratch.sga();
        int ip = scratch.peerIp();
        int port = scratch.peerPort();
        scratch.clear();
        if (popped == null) {
            errno = Errno.EIO;
            finished = true;
            return FAILED;
        }
        if (queue.type() == SocketType.STREAM && popped.totalLength() == 0) {
            Elements.free(popped);
            finished = true;
            return END;
        }
        popped.address(ip, port);
        element = popped;
        return ELEMENT;
    }

    /** The element of the last {@link #ELEMENT} result, handed over to the caller. */
    Sga element() {
        Sga e = element;
        element = null;
        return e;
    }

    /** The error of the last {@link #FAILED} result. */
    int errno() {
        return errno;
    }

    /** Gives up the outstanding pop, if any (the operator is closing). */
    void cancel() {
        if (qt != 0) {
            libos.dropInternal(qt);
            qt = 0;
        }
        Elements.free(element);
        element = null;
    }
}
