package org.margay.apps;

import org.margay.pdpix.Domain;
import org.margay.pdpix.Framing;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A view of a library OS whose new STREAM queues start in {@link Framing#RAW_STREAM}, so an application written for
 * PDPIX peers (length-prefixed elements, the default) talks to ordinary TCP peers — socat, nc, curl — byte for byte:
 * what {@code margay serve --app echo} does with the examples' TCP echo server. Accepted queues inherit the framing
 * of their listener, so setting it at {@code socket} covers listeners, their connections and clients.
 *
 * <p>Everything else passes through unchanged ({@link ForwardingLibOS}).
 */
public final class RawStreamLibOS extends ForwardingLibOS {
    /** A raw-stream view of {@code delegate}. */
    public RawStreamLibOS(LibOS delegate) {
        super(delegate);
    }

    @Override
    public int socket(Domain domain, SocketType type) {
        int qd = super.socket(domain, type);
        if (type == SocketType.STREAM) {
            delegate().setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        }
        return qd;
    }
}
