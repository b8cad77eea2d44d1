package org.margay.bench.stack;

import org.margay.net.tcp.TcpSegment;

/**
 * For benchmarks only: captures the server engine's pure ACK (timestamps option) for two full segments, and fills
 * {@code into} with {@code copies} of it. The server's application has read the data first, so the ACK advertises
 * the full window the client already knows, which keeps later ACKs on the fast path (window unchanged).
 */
final class AckTemplate {
    private AckTemplate() {
    }

    static void capture(EnginePair p, HeaderWritingSink into, int copies) {
        HeaderWritingSink wire = new HeaderWritingSink(16);
        p.client.send(p.data, 0, 2 * 1448);
        p.clientLayer.poll(p.now, wire);
        p.now += EnginePair.RTT_NANOS / 2;
        p.deliver(wire, p.serverLayer);
        p.drainServer();
        p.serverLayer.poll(p.now, wire);
        int ack = -1;
        for (int i = 0; i < wire.count(); i++) {
            if (wire.length(i) == TcpSegment.MIN_HEADER_LENGTH + 12) {
                ack = i;
            }
        }
        if (ack < 0) {
            throw new IllegalStateException("the server sent no pure ACK with timestamps: " + p.server);
        }
        into.clear();
        for (int c = 0; c < copies; c++) {
            // Re-emit through the sink's own bookkeeping: copy the bytes, then record the slot.
            into.copyFrom(wire, ack);
        }
        p.now += EnginePair.RTT_NANOS / 2;
        p.deliver(wire, p.clientLayer);
        if (p.client.sndUna() != p.client.sndNxt()) {
            throw new IllegalStateException("the template ACK did not acknowledge everything: " + p.client);
        }
    }
}
