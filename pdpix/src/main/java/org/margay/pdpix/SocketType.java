package org.margay.pdpix;

/**
 * The kind of queue {@link LibOS#socket} makes.
 */
public enum SocketType {
    /** A TCP connection or listener; elements are framed (see {@link Framing}) unless raw-stream mode is set. */
    STREAM,
    /** A UDP socket; one element is one datagram. */
    DGRAM,
    /**
     * A raw layer-2 queue on the library OS's link: one element is one Ethernet frame, popped as received and
     * pushed as given. For appliances built from queue operators. Not every library OS offers it.
     */
    RAW
}
