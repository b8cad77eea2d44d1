package org.margay.pdpix.inet;

import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Sga;

/**
 * Turning a pushed element into one frame for a device. A single-segment element goes as it is (zero copy):
 * the device gets one more reference on the element's buffer and releases it once sent, so the element may
 * be freed at once (free-protection). An element of several segments is gathered into one buffer of the
 * device's pool. The application must not write into a pushed buffer afterwards: the device may still read it.
 */
final class Frames {
    /** The smallest frame: an Ethernet II header (destination, source, EtherType). */
    static final int MIN_FRAME = 14;
    /** Room above the MTU for the Ethernet header and two 802.1Q/802.1ad tags of 4 bytes. */
    static final int LINK_OVERHEAD = MIN_FRAME + 8;

    private Frames() {
    }

    /** OK, or why {@code element} cannot be one frame on a link of {@code mtu}: EINVAL (runt) or EMSGSIZE. */
    static int check(Sga element, int mtu) {
        long length = element.totalLength();
        if (length < MIN_FRAME) {
            return Errno.EINVAL;
        }
        if (length > (long) mtu + LINK_OVERHEAD) {
            return Errno.EMSGSIZE;
        }
        return Errno.OK;
    }

    /**
     * The frame to hand to a device, holding its own reference: the element's buffer retained, or a gathered
     * copy from {@code pool}; null when the pool is empty or its buffers are too small.
     */
    static PacketBuffer toFrame(Sga element, BufferPool pool) {
        if (element.segmentCount() == 1) {
            return element.buffer(0).retain();
        }
        PacketBuffer frame = pool.allocate();
        if (frame == null) {
            return null;
        }
        int length = (int) element.totalLength();
        if (frame.tailroom() < length) {
            frame.reset(0);
            if (frame.tailroom() < length) {
                frame.release();
                return null;
            }
        }
        long at = frame.end();
        frame.append(length);
        element.copyTo(frame.segment(), at);
        return frame;
    }
}
