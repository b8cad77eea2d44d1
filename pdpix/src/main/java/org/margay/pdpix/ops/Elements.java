package org.margay.pdpix.ops;

import java.lang.foreign.MemorySegment;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SgaPool;

/** Helpers the operators share for handling elements. Allocate nothing on the Java heap. */
final class Elements {
    private Elements() {
    }

    /** Gives {@code element} back to its pool if it is still live. */
    static void free(Sga element) {
        if (element != null && element.isLive()) {
            element.pool().free(element);
        }
    }

    /** Whether another holder shares one of {@code element}'s buffers (so it must not be changed in place). */
    static boolean isShared(Sga element) {
        for (int i = 0; i < element.segmentCount(); i++) {
            if (element.buffer(i).refCount() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code element} itself when nobody else holds its buffers, otherwise a private copy from {@code pool} (with
     * the same address), {@code element} being freed. Consumes {@code element}; returns null (having freed it) when
     * the copy cannot be made for lack of memory or because the element is larger than the pool's largest.
     */
    static Sga exclusive(Sga element, SgaPool pool) {
        if (!isShared(element)) {
            return element;
        }
        long length = element.totalLength();
        Sga copy = length <= pool.maxElement() ? pool.allocate((int) length) : null;
        if (copy != null) {
            copyBytes(element, copy);
            copy.address(element.addressIp(), element.addressPort());
        }
        free(element);
        return copy;
    }

    /** Copies {@code from}'s bytes into {@code to}, which has exactly as many bytes in its segments. */
    private static void copyBytes(Sga from, Sga to) {
        int toSegment = 0;
        int toOffset = 0;
        for (int i = 0; i < from.segmentCount(); i++) {
            PacketBuffer source = from.buffer(i);
            int offset = 0;
            int length = source.length();
            while (offset < length) {
                PacketBuffer target = to.buffer(toSegment);
                int n = Math.min(length - offset, target.length() - toOffset);
                MemorySegment.copy(source.segment(), source.start() + offset, target.segment(), target.start() + toOffset, n);
                offset += n;
                toOffset += n;
                if (toOffset == target.length()) {
                    toSegment++;
                    toOffset = 0;
                }
            }
        }
    }
}
