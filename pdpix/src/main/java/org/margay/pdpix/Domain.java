package org.margay.pdpix;

/** The address family of a queue, as the first argument of {@link LibOS#socket}. */
public enum Domain {
    /** IPv4 ({@code AF_INET}). */
    INET,
    /** The link layer ({@code AF_PACKET}): only with {@link SocketType#RAW}. */
    PACKET
}
