package org.margay.pdpix.ops;

import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * {@code merge(qd1, qd2)} (HotOS '19 §4.3): a pop pops from either input (the inputs are drained in turn, so
 * neither starves the other), a push pushes the same element to both. The element's buffers are shared by
 * reference between the two targets, each holding its own references; the push completes when both pushes did.
 */
public final class MergeQueue extends OperatorQueue {
    /** A merge of {@code first} and {@code second} (which may be the same queue). */
    public MergeQueue(AbstractLibOS libos, IoQueue first, IoQueue second) {
        super(libos, first, second);
    }

    @Override
    protected Sga onPopped(Sga element) {
        return element;
    }

    @Override
    protected Sga onPushed(Sga element) {
        return element;
    }

    @Override
    protected String name() {
        return "merge";
    }
}
