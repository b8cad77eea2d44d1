package org.margay.pdpix.inet;

import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * A RAW queue (Domain.PACKET): one element is one Ethernet frame, as received and as sent.
 *
 * <ul>
 *   <li>{@code bind(qd, new InetEndpoint(0, link))} chooses the link (the port carries the link index, as
 *       {@code sockaddr_ll} carries an ifindex); one queue per link. A queue that pops without binding receives
 *       the frames of every link no queue is bound to (at most one such queue). Every pop names the link the
 *       frame came in on in the result's {@code peerPort} (as {@code sll_ifindex}); the element's own address
 *       stays zero, as on every non-datagram queue, so forwarding it (qconnect) never means "back to that
 *       link".</li>
 *   <li>pop: the next frame; received frames wait in a ring of fixed capacity, beyond which they are dropped
 *       and counted ({@link #drops()}).</li>
 *   <li>push: the element goes to the bound link's device (link 0 for an unbound queue); pushTo with
 *       {@code (0, link)} picks the link. The
 *       push completes when the device (or its transmit burst) took the frame; it parks while the device is
 *       full. Elements shorter than an Ethernet header are {@link Errno#EINVAL}; larger than the link's MTU
 *       plus headers, {@link Errno#EMSGSIZE}.</li>
 * </ul>
 * Single-threaded; nothing allocates per frame.
 */
final class RawQueue extends IoQueue {
    private final RawLinks links;
    private final Sga[] ring;
    private final int[] ringLinks;
    private int head;
    private int count;
    private int link = -1;
    private boolean attached;
    private long drops;

    RawQueue(AbstractLibOS os, RawLinks links, int ringCapacity) {
        super(os, Domain.PACKET, SocketType.RAW);
        this.links = links;
        this.ring = new Sga[ringCapacity];
        this.ringLinks = new int[ringCapacity];
    }

    /** Frames dropped because the ring was full. */
    long drops() {
        return drops;
    }

    /** The link bound, or -1. */
    int link() {
        return link;
    }

    /**
     * A received frame for this queue from {@code fromLink}; the element becomes the queue's (freed here when
     * the ring is full). Returns false when it was dropped.
     */
    boolean offer(Sga element, int fromLink) {
        if (count == ring.length) {
            drops++;
            libos.sgaPool().free(element);
            return false;
        }
        int at = (head + count) % ring.length;
        ring[at] = element;
        ringLinks[at] = fromLink;
        count++;
        if (!pendingPops.isEmpty()) {
            wake();
        }
        return true;
    }

    @Override
    protected void bind(InetEndpoint local) {
        if (attached) {
            throw new PdpixException(Errno.EINVAL, describe() + " is already bound");
        }
        if (local.address() != 0) {
            throw new PdpixException(Errno.EINVAL, "a RAW queue binds to (0, link index), not " + local);
        }
        int index = local.port();
        if (index >= links.linkCount()) {
            throw new PdpixException(Errno.EADDRNOTAVAIL, "no link " + index + " (this library OS has " + links.linkCount() + ")");
        }
        if (!links.attach(this, index)) {
            throw new PdpixException(Errno.EADDRINUSE, "link " + index + " already has a RAW queue");
        }
        link = index;
        attached = true;
    }

    @Override
    protected InetEndpoint localEndpoint() {
        return new InetEndpoint(0, Math.max(link, 0));
    }

    @Override
    protected int startPop(int slot) {
        if (!attached) {
            if (!links.attach(this, -1)) {
                return Errno.EADDRINUSE;
            }
            attached = true;
        }
        pendingPops.add(slot);
        drainRing();
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (ip != 0) {
            return Errno.EINVAL;
        }
        int to = destination(port);
        if (to >= links.linkCount()) {
            return Errno.EADDRNOTAVAIL;
        }
        int err = Frames.check(element, links.mtu(to));
        if (err != Errno.OK) {
            return err;
        }
        if (!pendingPushes.isEmpty()) {
            pendingPushes.add(slot);
            return Errno.OK;
        }
        int r = links.transmit(to, element);
        if (r == Errno.OK) {
            completePush(slot);
        } else if (r == RawLinks.AGAIN) {
            pendingPushes.add(slot);
            wake();
        } else {
            return r;
        }
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        int work = drainRing();
        for (int slot = pendingPushes.peek(); slot >= 0; slot = pendingPushes.peek()) {
            Sga element = ops.sga(slot);
            int to = destination(ops.peerPort(slot));
            int r = links.transmit(to, element);
            if (r == RawLinks.AGAIN) {
                wake(); // the device is full: try again next cycle
                break;
            }
            pendingPushes.poll();
            if (r == Errno.OK) {
                completePush(slot);
            } else {
                failPush(slot, r);
            }
            work++;
        }
        return work;
    }

    /** pushTo's link, else the bound link, else link 0 (a push and a pushTo to link 0 look alike). */
    private int destination(int port) {
        if (port != 0) {
            return port;
        }
        return link >= 0 ? link : 0;
    }

    private int drainRing() {
        int work = 0;
        while (count > 0 && !pendingPops.isEmpty()) {
            Sga element = ring[head];
            int from = ringLinks[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
            completePop(pendingPops.poll(), element, 0, from);
            work++;
        }
        return work;
    }

    @Override
    protected void closeNow() {
        links.detach(this);
        while (count > 0) {
            libos.sgaPool().free(ring[head]);
            ring[head] = null;
            head = (head + 1) % ring.length;
            count--;
        }
    }

    @Override
    protected String describe() {
        return "RAW queue " + qd() + (link >= 0 ? " (link " + link + ")" : "");
    }
}
