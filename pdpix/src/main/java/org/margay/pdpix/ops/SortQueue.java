package org.margay.pdpix.ops;

import org.margay.pdpix.ElementComparator;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * {@code sort(qd, comparator)} (HotOS '19 §4.3): pops by priority. The operator keeps popping its input ahead of
 * the application, up to a window of elements, and each pop gets the lowest element (by the comparator) among
 * those it holds: "the elements available". A push goes to the input unchanged. A comparator that throws is
 * counted as a callback failure; the element is kept, its place in the order unspecified.
 */
public final class SortQueue extends OperatorQueue {
    private final ElementHeap heap;
    private long failuresCounted;

    /** A sort of {@code input} by {@code comparator}, holding at most {@code window} elements ahead. */
    public SortQueue(AbstractLibOS libos, IoQueue input, ElementComparator comparator, int window) {
        super(libos, input);
        this.heap = new ElementHeap(window, comparator);
    }

    /** Fills the whole window in one call when the input has that many ready. */
    @Override
    protected int roundsPerCall() {
        return heap.capacity() + 1;
    }

    /** Eager: keeps taking elements until the window is full, pops or no pops. */
    @Override
    protected boolean wantsInput() {
        return !heap.isFull();
    }

    @Override
    protected void putReady(Sga element) {
        heap.add(element);
        countFailures();
    }

    @Override
    protected Sga takeReady() {
        Sga element = heap.poll();
        countFailures();
        return element;
    }

    private void countFailures() {
        while (failuresCounted < heap.failures()) {
            failuresCounted++;
            libos.statistics().recordCallbackFailure();
        }
    }

    @Override
    protected int readyCount() {
        return heap.size();
    }

    @Override
    protected void freeReady() {
        heap.freeAll();
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
        return "sort";
    }
}
