package org.margay.net.tcp.engine;

import org.margay.net.tcp.buffer.SendBuffer;

/**
 * Where the engine's segments go: implemented by the stack, which allocates a frame, writes the TCP header
 * ({@code headerLength = 20 + options.length()}), the options ({@link OutgoingOptions#write}) and the payload
 * ({@code payload.copyOut(payloadOffset, ...)}), fills the checksum and the IP and link headers, and queues it.
 *
 * <p>Contract: the arguments are valid only during the call (the options holder and the buffer are reused).
 * Returning {@code false} means "no buffer now": the engine keeps whatever it wanted to send and tries again on a
 * later poll, so back-pressure loses nothing. The sink must not call back into the engine. Urgent pointer is
 * always 0 (the engine never sends urgent data).
 */
@FunctionalInterface
public interface SegmentSink {
    /**
     * Emits one segment.
     *
     * @param localIp        source IPv4 address
     * @param localPort      source port
     * @param remoteIp       destination IPv4 address
     * @param remotePort     destination port
     * @param seq            sequence number, raw bits
     * @param ack            acknowledgment number, raw bits (meaningful with the ACK flag)
     * @param flags          the 12 flag bits ({@code TcpSegment.SYN | TcpSegment.ACK} ...)
     * @param window         the 16-bit window field, already scaled down
     * @param options        the options to write; {@code options.length()} bytes, a multiple of 4
     * @param payload        the send ring holding the payload, or {@code null} when {@code payloadLength == 0}
     * @param payloadOffset  the payload's offset in {@code payload} (from SND.UNA)
     * @param payloadLength  payload bytes
     * @return true when the segment was taken, false when the sink has no room now
     */
    boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags, int window,
                 OutgoingOptions options, SendBuffer payload, int payloadOffset, int payloadLength);
}
