package org.margay.pdpix.ops;

import org.margay.pdpix.Errno;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * The machinery every queue operator over other queues shares (merge, filter, sort, map).
 *
 * <h2>Pop side</h2>
 * Application pops park on {@link #pendingPops}. The operator pops its inputs itself with internal pops
 * ({@link Inlet}), passes each popped element through {@link #onPopped} (which may drop or transform it) into its
 * ready elements, and completes parked pops from them, oldest pop first. It pops its inputs only while
 * {@link #wantsInput()} (by default: while parked pops outnumber ready elements), so elements stay in their input
 * until asked for. Inputs that complete pops at once (an in-memory queue) are popped again in the same call, so
 * a chain of operators over in-memory queues completes a pop without waiting for a duty cycle.
 *
 * <h2>Push side</h2>
 * A pushed element goes through {@link #onPushed} (which may drop or transform it), then is pushed to every
 * input with internal pushes (which take their own references on its buffers: the element is shared by reference,
 * never copied); the application's push completes when they all have ({@link PushRelay}).
 *
 * <h2>End and failure</h2>
 * An input's failure (or its being closed: {@link Errno#ECANCELED}) is reported once, to the next pop; once every
 * input has ended or failed, pops complete with an empty element (end of stream).
 *
 * <h2>Closing</h2>
 * Closing the operator does not close its inputs: it withdraws its own pops on them, frees the elements it holds,
 * and abandons its pushes in flight (they finish in the background).
 *
 * <p>The operator is serviced in every duty cycle. Nothing here allocates per element in steady state.
 */
public abstract class OperatorQueue extends IoQueue implements PushRelay.Completion {
    /** The most pop rounds one call makes by default. */
    private static final int MAX_ROUNDS = 64;

    private final Inlet[] inlets;
    private final ElementRing ready = new ElementRing(16);
    private final PushRelay relay;
    private final QResult scratch = new QResult();
    private int pendingError;
    private int rotation;
    /** An error {@link #onPushed} reports with a null result ({@code 0}: the element was dropped on purpose). */
    protected int pushError;

    /** An operator over {@code inputs} (one or two), of its first input's domain and type. */
    protected OperatorQueue(AbstractLibOS libos, IoQueue... inputs) {
        super(libos, inputs[0].domain(), inputs[0].type());
        this.inlets = new Inlet[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inlets[i] = new Inlet(libos, inputs[i]);
        }
        this.relay = new PushRelay(libos);
    }

    // ------------------------------------------------------------------ what an operator decides

    /**
     * An element popped from an input: returns the element to make ready (it, or a replacement), or null when it
     * is dropped (the operator frees it and counts why). Owns {@code element}.
     */
    protected abstract Sga onPopped(Sga element);

    /**
     * An element the application pushed: returns the element to push to the inputs (it, or a replacement), or
     * null when it is dropped, setting {@link #pushError} when that is an error rather than a deliberate drop.
     * Owns {@code element}.
     */
    protected abstract Sga onPushed(Sga element);

    /** Whether to pop the inputs now: by default, while parked pops outnumber ready elements. */
    protected boolean wantsInput() {
        return pendingPops.size() > readyCount();
    }

    /** Adds an element to the ready elements (FIFO by default). */
    protected void putReady(Sga element) {
        ready.add(element);
    }

    /** Takes the next ready element, or null. */
    protected Sga takeReady() {
        return ready.poll();
    }

    /** How many elements are ready. */
    protected int readyCount() {
        return ready.size();
    }

    /** Frees every ready element (closing). */
    protected void freeReady() {
        ready.freeAll();
    }

    // ------------------------------------------------------------------ IoQueue

    @Override
    protected final int startPop(int slot) {
        pendingPops.add(slot);
        progress();
        return Errno.OK;
    }

    @Override
    protected final int startPush(int slot, Sga element, int ip, int port) {
        Sga pushed = takePushedElement(slot);
        pushError = Errno.OK;
        Sga out = onPushed(pushed);
        if (out == null) {
            int err = pushError;
            pushError = Errno.OK;
            if (err != Errno.OK) {
                failPush(slot, err);
            } else {
                completePush(slot);
            }
            return Errno.OK;
        }
        long qt1 = 0;
        long qt2 = 0;
        int err = Errno.OK;
        for (int i = 0; i < inlets.length; i++) {
            IoQueue target = inlets[i].queue();
            long qt;
            if (target.isClosed()) {
                qt = -Errno.EBADF;
            } else {
                qt = libos.internalPush(target.qd(), out, ip, port);
            }
            if (qt < 0) {
                if (err == Errno.OK) {
                    err = (int) -qt;
                }
            } else if (i == 0) {
                qt1 = qt;
            } else {
                qt2 = qt;
            }
        }
        // Free-protection: each internal push holds its own references, so the operator lets go at once.
        Elements.free(out);
        pendingPushes.add(slot);
        relay.add(slot, qt1, qt2, err);
        relay.retire(this);
        return Errno.OK;
    }

    @Override
    public final void finishPush(int slot, int errno) {
        pendingPushes.remove(slot);
        if (errno == Errno.OK) {
            completePush(slot);
        } else {
            failPush(slot, errno);
        }
    }

    /** Withdraws a parked pop; a push already forwarded cannot be withdrawn (it is abandoned instead). */
    @Override
    protected boolean cancel(int slot) {
        return pendingPops.remove(slot);
    }

    @Override
    protected int service(long nowNanos) {
        return progress() + relay.retire(this);
    }

    @Override
    protected void closeNow() {
        for (Inlet inlet : inlets) {
            inlet.cancel();
        }
        freeReady();
        relay.dropAll();
    }

    // ------------------------------------------------------------------ the pop side

    /**
     * Collects input results and pops the inputs again while wanted and while they answer at once, then completes
     * parked pops: so a pop sees every element its inputs had available (what sort's priority is among).
     * Returns the work done.
     */
    private int progress() {
        int work = 0;
        int rounds = roundsPerCall();
        for (int round = 0; round < rounds; round++) {
            work += drain();
            if (!wantsInput()) {
                break;
            }
            boolean any = false;
            for (Inlet inlet : inlets) {
                inlet.request();
                any |= inlet.hasResult();
            }
            if (!any) {
                break;
            }
        }
        return work + serve();
    }

    /** How many input pops one call collects at most (a filter dropping many in a row continues next cycle). */
    protected int roundsPerCall() {
        return MAX_ROUNDS;
    }

    /** Takes every completed input pop, starting at a rotating input so no input is favoured. */
    private int drain() {
        int taken = 0;
        int n = inlets.length;
        int start = rotation;
        rotation = n == 1 ? 0 : (rotation + 1) % n;
        for (int k = 0; k < n; k++) {
            Inlet inlet = inlets[(start + k) % n];
            switch (inlet.take(scratch)) {
                case Inlet.ELEMENT -> {
                    taken++;
                    Sga element = inlet.element();
                    Sga kept = onPopped(element);
                    if (kept != null) {
                        putReady(kept);
                    }
                }
                case Inlet.END -> taken++;
                case Inlet.FAILED -> {
                    taken++;
                    if (pendingError == Errno.OK) {
                        pendingError = inlet.errno();
                    }
                }
                default -> {
                }
            }
        }
        return taken;
    }

    /** Completes parked pops from ready elements, a pending input failure, or end of stream. */
    private int serve() {
        int served = 0;
        while (!pendingPops.isEmpty()) {
            if (readyCount() > 0) {
                Sga element = takeReady();
                int slot = pendingPops.poll();
                completePop(slot, element, element.addressIp(), element.addressPort());
            } else if (pendingError != Errno.OK) {
                ops.fail(pendingPops.poll(), pendingError);
                pendingError = Errno.OK;
            } else if (allFinished()) {
                Sga end = libos.sgaPool().allocateEmpty();
                int slot = pendingPops.poll();
                if (end == null) {
                    ops.fail(slot, Errno.ENOMEM);
                } else {
                    completePop(slot, end, 0, 0);
                }
            } else {
                break;
            }
            served++;
        }
        return served;
    }

    private boolean allFinished() {
        for (Inlet inlet : inlets) {
            if (!inlet.isFinished()) {
                return false;
            }
        }
        return true;
    }

    /** How many inputs the operator has. */
    protected final int inputCount() {
        return inlets.length;
    }

    /** Input {@code i}'s queue. */
    protected final IoQueue input(int i) {
        return inlets[i].queue();
    }

    @Override
    protected String describe() {
        StringBuilder text = new StringBuilder(name()).append(" queue ").append(qd()).append(" over");
        for (Inlet inlet : inlets) {
            text.append(' ').append(inlet.queue().qd());
        }
        return text.toString();
    }

    /** The operator's name for messages ("merge", "filter", ...). */
    protected abstract String name();
}
