package org.margay.net.tcp.engine;

import java.util.ArrayList;
import java.util.List;
import org.margay.net.tcp.buffer.SendBuffer;

/** A {@link SegmentSink} that records every segment; {@link #refuse} simulates back-pressure. */
final class RecordingSink implements SegmentSink {
    final List<Sent> sent = new ArrayList<>();
    int refuse;

    @Override
    public boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                        int window, OutgoingOptions options, SendBuffer payload, int payloadOffset, int payloadLength) {
        if (refuse > 0) {
            refuse--;
            return false;
        }
        byte[] bytes = new byte[payloadLength];
        if (payloadLength > 0) {
            payload.copyOut(payloadOffset, bytes, 0, payloadLength);
        }
        sent.add(Sent.of(localIp, localPort, remoteIp, remotePort, seq, ack, flags, window, options, bytes));
        return true;
    }

    List<Sent> take() {
        List<Sent> copy = new ArrayList<>(sent);
        sent.clear();
        return copy;
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }
}
