package org.margay.pdpix.ops;

import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * {@code queue()} (HotOS '19 §4.3): an in-memory queue. A push enqueues the element by reference (the library
 * OS's free-protected copy of it, sharing the application's buffers) and completes at once; a pop dequeues the
 * oldest element, or parks until one is pushed, pops being served oldest first. It keeps message boundaries as a
 * datagram queue does (it reports itself as {@link SocketType#DGRAM}), has no end of stream, and reports an
 * element pushed with {@code pushTo} with that address as its peer. Its only limit is the library OS's element
 * pool. Everything completes inside the call: it needs no duty cycle.
 */
public final class MemoryQueue extends IoQueue {
    private final ElementRing elements = new ElementRing(64);

    /** An empty queue. */
    public MemoryQueue(AbstractLibOS libos) {
        super(libos, Domain.INET, SocketType.DGRAM);
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        Sga kept = takePushedElement(slot);
        completePush(slot);
        int waiting = pendingPops.poll();
        if (waiting >= 0) {
            completePop(waiting, kept, kept.addressIp(), kept.addressPort());
        } else {
            elements.add(kept);
        }
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        Sga element = elements.poll();
        if (element == null) {
            pendingPops.add(slot);
        } else {
            completePop(slot, element, element.addressIp(), element.addressPort());
        }
        return Errno.OK;
    }

    /** Elements queued and not yet popped. */
    public int size() {
        return elements.size();
    }

    @Override
    protected void closeNow() {
        elements.freeAll();
    }

    @Override
    protected String describe() {
        return "memory queue " + qd() + " (" + elements.size() + " elements)";
    }
}
