package org.margay.pdpix.ops;

import org.margay.pdpix.ElementPredicate;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * {@code filter(qd, predicate)} (HotOS '19 §4.3): the predicate applies on pop and on push. An element that fails
 * it is filtered out: freed, counted ({@code elementsFilteredOut}); on pop the operator goes on to the next element,
 * on push the push completes successfully without the element reaching the input. A predicate that throws counts
 * as a callback failure and the element is filtered out.
 */
public final class FilterQueue extends OperatorQueue {
    private final ElementPredicate predicate;

    /** A filter of {@code input} by {@code predicate}. */
    public FilterQueue(AbstractLibOS libos, IoQueue input, ElementPredicate predicate) {
        super(libos, input);
        this.predicate = predicate;
    }

    @Override
    protected Sga onPopped(Sga element) {
        return passes(element) ? element : null;
    }

    @Override
    protected Sga onPushed(Sga element) {
        return passes(element) ? element : null;
    }

    private boolean passes(Sga element) {
        boolean pass;
        try {
            pass = predicate.test(element);
        } catch (RuntimeException e) {
            libos.statistics().recordCallbackFailure();
            pass = false;
        }
        if (!pass) {
            libos.statistics().recordFilteredOut();
            Elements.free(element);
        }
        return pass;
    }

    @Override
    protected String name() {
        return "filter";
    }
}
