package org.margay.pdpix;

/**
 * How elements travel on a {@link SocketType#STREAM} queue, set per queue with
 * {@link SocketOption#FRAMING} before {@code connect}/{@code accept} completes (and inherited by accepted queues
 * from their listener).
 *
 * <h2>The element wire format ({@link #LENGTH_PREFIXED}, the default)</h2>
 * Each pushed element travels as a 4-byte unsigned big-endian length {@code N} (1 ≤ N ≤
 * {@link #MAX_ELEMENT}) followed by the element's {@code N} bytes, its segments concatenated. The receiving
 * PDPIX pops exactly one element per prefix, as one scatter-gather array, so an element pushed atomically
 * pops atomically at a PDPIX peer whatever the TCP segmentation. A prefix of 0 or above the receiver's maximum
 * is a protocol error: the receiver resets the connection and fails pending pops with {@link Errno#EPROTOTYPE}.
 *
 * <h2>{@link #RAW_STREAM}</h2>
 * For ordinary TCP peers (redis-cli, curl): a push sends the element's bytes as they are, and a pop returns
 * whatever bytes have arrived (at least one), in one element.
 */
public enum Framing {
    /** 4-byte big-endian length, then the element: one pushed element pops as one element. */
    LENGTH_PREFIXED,
    /** Bytes as they are: a pop returns whatever has arrived. */
    RAW_STREAM;

    /** The largest element a length-prefixed queue carries by default: 16 MiB. */
    public static final int MAX_ELEMENT = 16 << 20;

    /** Bytes of the length prefix. */
    public static final int PREFIX_BYTES = 4;
}
