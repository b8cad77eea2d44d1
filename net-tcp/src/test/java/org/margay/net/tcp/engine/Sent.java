package org.margay.net.tcp.engine;

import java.util.ArrayList;
import java.util.List;
import org.margay.net.tcp.TcpSegment;

/** One segment a {@link RecordingSink} captured (test value). */
record Sent(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ackNo, int flags, int window,
            int mss, int windowShift, boolean sackPermitted, boolean hasTs, int tsVal, int tsEcr,
            List<int[]> sackBlocks, byte[] payload, int optionsLength) {

    static Sent of(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ackNo, int flags, int window,
                   OutgoingOptions o, byte[] payload) {
        List<int[]> blocks = new ArrayList<>();
        for (int i = 0; i < o.sackCount(); i++) {
            blocks.add(new int[] {o.sackLeft(i), o.sackRight(i)});
        }
        return new Sent(localIp, localPort, remoteIp, remotePort, seq, ackNo, flags, window, o.mss(), o.windowShift(),
                o.hasSackPermitted(), o.hasTimestamps(), o.timestampValue(), o.timestampEchoReply(), blocks, payload,
                o.length());
    }

    boolean syn() { return (flags & TcpSegment.SYN) != 0; }
    boolean ack() { return (flags & TcpSegment.ACK) != 0; }
    boolean fin() { return (flags & TcpSegment.FIN) != 0; }
    boolean rst() { return (flags & TcpSegment.RST) != 0; }
    boolean psh() { return (flags & TcpSegment.PSH) != 0; }
    int len() { return payload.length; }
    boolean pureAck() { return flags == TcpSegment.ACK && payload.length == 0; }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (syn()) b.append('S');
        if (fin()) b.append('F');
        if (rst()) b.append('R');
        if (psh()) b.append('P');
        if (ack()) b.append('.');
        b.append(" seq=").append(Integer.toUnsignedString(seq)).append(" ack=").append(Integer.toUnsignedString(ackNo))
                .append(" win=").append(window).append(" len=").append(payload.length);
        if (mss >= 0) b.append(" mss=").append(mss);
        if (windowShift >= 0) b.append(" ws=").append(windowShift);
        if (sackPermitted) b.append(" sackOK");
        if (hasTs) b.append(" TS=").append(Integer.toUnsignedString(tsVal)).append('/').append(Integer.toUnsignedString(tsEcr));
        for (int[] s : sackBlocks) b.append(" sack=").append(Integer.toUnsignedString(s[0])).append('-').append(Integer.toUnsignedString(s[1]));
        return b.toString();
    }
}
