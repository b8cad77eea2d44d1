package org.margay.explain;

import java.util.ArrayList;
import java.util.List;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.IpHeader;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;

/**
 * Hand-made captures for the analyser's tests: a client 10.0.0.1:40000 and a server 10.0.0.2:80; segments are
 * added in capture order with their time in microseconds, flags, raw sequence and acknowledgment numbers, window
 * and payload length.
 */
final class Segments {
    static final int CLIENT = 0x0A00_0001;
    static final int SERVER = 0x0A00_0002;
    static final int SYN = TcpHeader.SYN;
    static final int ACK = TcpHeader.ACK;
    static final int FIN = TcpHeader.FIN;
    static final int RST = TcpHeader.RST;
    static final int PSH = TcpHeader.PSH;

    private final List<PacketRecord> packets = new ArrayList<>();

    /** A segment from the client ({@code fromClient}) or the server. */
    Segments add(boolean fromClient, long micros, int flags, long seq, long ack, int window, int length) {
        return add(fromClient, micros, flags, seq, ack, window, length, -1, new int[0]);
    }

    /** A segment with a window-scale option (SYNs) and SACK blocks (raw pairs). */
    Segments add(boolean fromClient, long micros, int flags, long seq, long ack, int window, int length, int scale,
                 int[] sack) {
        IpHeader ip = new IpHeader(fromClient ? CLIENT : SERVER, fromClient ? SERVER : CLIENT, 6, packets.size(), 0,
                false, true, 40 + length);
        TcpHeader tcp = new TcpHeader((int) seq, (int) ack, flags, window, length, (flags & SYN) != 0 ? 1460 : -1,
                scale, (flags & SYN) != 0, false, 0, 0, sack);
        packets.add(PacketRecord.captured(packets.size() + 1, micros * 1000, ip, fromClient ? 40000 : 80,
                fromClient ? 80 : 40000, tcp, 54 + length));
        return this;
    }

    /** The client's SYN, the server's SYN-ACK and the client's ACK, 10 ms RTT seen near the client; ISNs as given. */
    Segments handshake(long clientIsn, long serverIsn) {
        add(true, 0, SYN, clientIsn, 0, 65535, 0);
        add(false, 10_000, SYN | ACK, serverIsn, clientIsn + 1, 65535, 0);
        return add(true, 10_050, ACK, clientIsn + 1, serverIsn + 1, 65535, 0);
    }

    /** Explains what was added; returns the single connection. */
    ConnectionTimeline explain() {
        Explanation x = CaptureExplainer.explain(packets, "hand-made");
        return x.connections().get(0);
    }

    /** The packet numbered {@code n} (from 1). */
    PacketRecord packet(int n) {
        return packets.get(n - 1);
    }
}
