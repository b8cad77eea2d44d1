package org.margay.pdpix;

/** The address family of a queue, as the first argument of {@link LibOS#socket}. */
public enum Domain {
    /** IPv4 ({@code AF_INET}). */
    INET,
    /** The link layer ({@code AF_PACKET}): only with {@link SocketType#RAW}. */
    PACKET,
    /**
     * Storage (HotOS '19 §3): an ordered log of elements on a storage target. A storage library OS opens such
     * queues with its own {@code open(target, mode)}; {@link LibOS#socket} refuses this domain with
     * {@link Errno#EAFNOSUPPORT}. Its queues report {@link SocketType#STREAM} (elements in order).
     */
    STORAGE
}
