package org.margay.stack;

/** Told about ICMP echo replies (RFC 792) arriving at a stack; called on the stack's thread, must not allocate. */
@FunctionalInterface
public interface EchoListener {
    /**
     * An echo reply arrived.
     *
     * @param source         who answered
     * @param identifier     the echo identifier
     * @param sequence       the echo sequence number
     * @param payloadLength  data bytes in the reply
     * @param nowNanos       the stack's time when it arrived
     */
    void onEchoReply(int source, int identifier, int sequence, int payloadLength, long nowNanos);
}
