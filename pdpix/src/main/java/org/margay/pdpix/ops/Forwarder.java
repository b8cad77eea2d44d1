package org.margay.pdpix.ops;

import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.DutyCycleTask;
import org.margay.pdpix.spi.IoQueue;
import org.margay.pdpix.spi.OperationTable;

/**
 * {@code qconnect(in, out)} (HotOS '19 §4.3): forwards every element popped from {@code in} to {@code out}, in
 * order, in every duty cycle. Up to {@link #WINDOW} pushes are in flight at once; pushes to one queue complete in
 * order, so order is kept. Each element is pushed by reference (the push holds its own references) and the popped
 * element is freed at once. Elements are pushed without a destination, as {@code push} does: the address a popped
 * element carries is its source (a datagram's sender, a raw frame's link), so {@code out} must be a queue that
 * needs no destination (connected, bound to its link, or in memory).
 *
 * <p>Its token completes: as {@code PUSH} when {@code in} reached end of stream and every forwarded element was
 * pushed; FAILED with the error when a pop of {@code in} or a push to {@code out} failed; FAILED with
 * {@link Errno#ECANCELED} when either queue was closed or the library OS closed. It then withdraws its own pop and
 * abandons pushes still in flight. Allocates nothing per element.
 */
public final class Forwarder implements DutyCycleTask {
    /** Pushes in flight at most. */
    static final int WINDOW = 32;
    /** Elements moved per duty cycle at most, so one busy forwarder cannot monopolise the loop. */
    private static final int MAX_PER_CYCLE = 256;

    private final AbstractLibOS libos;
    private final OperationTable ops;
    private final IoQueue in;
    private final IoQueue out;
    private final Inlet inlet;
    private final int slot;
    private final QResult scratch = new QResult();
    private final long[] inFlight = new long[WINDOW];
    private int head;
    private int count;
    private boolean ended;
    private boolean finished;

    /** A forwarder from {@code in} to {@code out} completing the pending operation in {@code slot}. */
    public Forwarder(AbstractLibOS libos, IoQueue in, IoQueue out, int slot) {
        this.libos = libos;
        this.ops = libos.operations();
        this.in = in;
        this.out = out;
        this.inlet = new Inlet(libos, in);
        this.slot = slot;
    }

    @Override
    public int run(long nowNanos) {
        if (finished) {
            return 0;
        }
        int work = retire();
        if (finished) {
            return work;
        }
        if (out.isClosed() || (in.isClosed() && !inlet.isWaiting())) {
            finish(Errno.ECANCELED);
            return work + 1;
        }
        for (int moved = 0; moved < MAX_PER_CYCLE && !ended && count < WINDOW; moved++) {
            inlet.request();
            int got = inlet.take(scratch);
            if (got == Inlet.NONE) {
                break;
            }
            work++;
            if (got == Inlet.END) {
                ended = true;
            } else if (got == Inlet.FAILED) {
                finish(inlet.errno());
                return work;
            } else {
                Sga element = inlet.element();
                // A plain push: a popped element's address is where it came from (a datagram's sender, a frame's
                // link), never where it should go, so it is not used as a destination.
                long qt = libos.internalPush(out.qd(), element, 0, 0);
                Elements.free(element);
                if (qt < 0) {
                    finish((int) -qt);
                    return work;
                }
                inFlight[(head + count) % WINDOW] = qt;
                count++;
                libos.statistics().recordForwarded();
                work += retire();
                if (finished) {
                    return work;
                }
            }
        }
        if (ended && count == 0) {
            finish(Errno.OK);
            work++;
        }
        return work;
    }

    /** Consumes the pushes that completed, oldest first; finishes on a failed one. */
    private int retire() {
        int retired = 0;
        while (count > 0 && libos.isDone(inFlight[head])) {
            libos.takeInternal(inFlight[head], scratch);
            int err = scratch.ok() ? Errno.OK : scratch.ret();
            scratch.clear();
            head = (head + 1) % WINDOW;
            count--;
            retired++;
            if (err != Errno.OK) {
                finish(err);
                break;
            }
        }
        return retired;
    }

    private void finish(int errno) {
        finished = true;
        inlet.cancel();
        while (count > 0) {
            libos.dropInternal(inFlight[head]);
            head = (head + 1) % WINDOW;
            count--;
        }
        if (ops.isPending(slot)) {
            if (errno == Errno.OK) {
                ops.complete(slot);
            } else {
                ops.fail(slot, errno);
            }
        }
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public void cancel(int errno) {
        if (!finished) {
            finish(errno);
        }
    }
}
