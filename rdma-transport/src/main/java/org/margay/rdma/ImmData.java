package org.margay.rdma;

/**
 * The 32-bit immediate data every SEND of an RC connection carries (SEND_WITH_IMM): credits returned to the peer
 * and the message's role, so that flow control needs no bytes in the payload and a message's payload is only the
 * element stream.
 * <pre>
 *   bits 28-31  protocol version ({@value #VERSION}); anything else is a peer that does not speak this protocol
 *   bit  17     FIN: the sender will send no more (a graceful close)
 *   bit  16     END: this message ends an element (so a length-prefixed receiver can take it whole)
 *   bits  0-15  credits: receives the sender re-posted since its last message, now granted to the peer
 * </pre>
 * A message with no payload and no FIN only returns credits.
 */
final class ImmData {
    static final int VERSION = 1;
    static final int END = 1 << 16;
    static final int FIN = 1 << 17;
    static final int MAX_CREDITS = 0xFFFF;

    private ImmData() {
    }

    static int make(int credits, int flags) {
        return VERSION << 28 | flags | (credits & MAX_CREDITS);
    }

    static boolean valid(int imm) {
        return imm >>> 28 == VERSION;
    }

    static int credits(int imm) {
        return imm & MAX_CREDITS;
    }

    static boolean end(int imm) {
        return (imm & END) != 0;
    }

    static boolean fin(int imm) {
        return (imm & FIN) != 0;
    }
}
