package org.margay.explain.render;

import org.margay.explain.model.Finding;
import org.margay.explain.model.IpHeader;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;

/** How a packet is named in the timeline and on the ladder's arrows. */
public final class SegmentText {
    private SegmentText() {
    }

    /** "SYN seq 0 win 65535 <mss 1460,sack-ok,ts,ws 7>", "ACK seq 1 ack 2897 win 64240 len 0". */
    public static String describe(PacketRecord p) {
        TcpHeader t = p.tcp();
        if (t == null) {
            return describeIp(p);
        }
        StringBuilder b = new StringBuilder(t.flagsText());
        long seq = p.relativeSequence() >= 0 ? p.relativeSequence() : Integer.toUnsignedLong(t.sequence());
        b.append(" seq ").append(seq);
        if (t.sequenceLength() > 0 && t.payloadLength() > 0) {
            b.append('-').append(seq + t.sequenceLength());
        }
        if (t.has(TcpHeader.ACK)) {
            long ack = p.relativeAcknowledgment() >= 0 ? p.relativeAcknowledgment()
                    : Integer.toUnsignedLong(t.acknowledgment());
            b.append(" ack ").append(ack);
        }
        b.append(" win ").append(p.scaledWindow() >= 0 ? p.scaledWindow() : t.window());
        b.append(" len ").append(t.payloadLength());
        String options = t.optionsText();
        if (!options.isEmpty()) {
            b.append(" <").append(options).append('>');
        }
        return b.toString();
    }

    /** A short label for a ladder arrow: flags, seq (and end), ack, len; options only on SYNs. */
    public static String label(PacketRecord p) {
        TcpHeader t = p.tcp();
        if (t == null) {
            return describeIp(p);
        }
        StringBuilder b = new StringBuilder(t.flagsText());
        long seq = p.relativeSequence() >= 0 ? p.relativeSequence() : Integer.toUnsignedLong(t.sequence());
        b.append(' ').append(seq);
        if (t.payloadLength() > 0) {
            b.append(':').append(seq + t.payloadLength());
        }
        if (t.has(TcpHeader.ACK)) {
            b.append(" ack ").append(p.relativeAcknowledgment() >= 0 ? p.relativeAcknowledgment()
                    : Integer.toUnsignedLong(t.acknowledgment()));
        }
        if (t.payloadLength() > 0) {
            b.append(" len ").append(t.payloadLength());
        }
        if (p.scaledWindow() == 0 && !t.has(TcpHeader.RST)) {
            b.append(" win 0");
        }
        if (t.has(TcpHeader.SYN) && !t.optionsText().isEmpty()) {
            b.append(" <").append(t.optionsText()).append('>');
        } else if (t.sackBlockCount() > 0) {
            b.append(" <sack ");
            for (int i = 0; i < t.sackBlockCount(); i++) {
                b.append(i == 0 ? "" : ",").append(blockText(p, i));
            }
            b.append('>');
        }
        return b.toString();
    }

    private static String blockText(PacketRecord p, int i) {
        TcpHeader t = p.tcp();
        // Relative SACK edges: the ACK is relative to the same (peer's) base, so shift by the same amount.
        if (p.relativeAcknowledgment() >= 0) {
            long base = Integer.toUnsignedLong(t.acknowledgment()) - p.relativeAcknowledgment();
            long l = (Integer.toUnsignedLong(t.sackLeft(i)) - base) & 0xFFFF_FFFFL;
            long r = (Integer.toUnsignedLong(t.sackRight(i)) - base) & 0xFFFF_FFFFL;
            return l + "-" + r;
        }
        return Integer.toUnsignedString(t.sackLeft(i)) + "-" + Integer.toUnsignedString(t.sackRight(i));
    }

    /** What the analysis or the stack says about the packet, e.g. "retransmission: fast retransmit", or "". */
    public static String tags(PacketRecord p) {
        StringBuilder b = new StringBuilder();
        if (p.cause() != null) {
            b.append("retransmission: ").append(p.cause().text());
        } else if (p.findings().contains(Finding.FAST_RETRANSMISSION)) {
            b.append("fast retransmission?");
        } else if (p.findings().contains(Finding.SPURIOUS_RETRANSMISSION)) {
            b.append("spurious retransmission?");
        } else if (p.findings().contains(Finding.RETRANSMISSION) && !p.exactKnown()) {
            b.append("retransmission?");
        }
        for (Finding f : new Finding[] {Finding.OUT_OF_ORDER, Finding.DUP_ACK, Finding.ZERO_WINDOW,
                Finding.ZERO_WINDOW_PROBE, Finding.WINDOW_FULL, Finding.WINDOW_UPDATE, Finding.KEEP_ALIVE,
                Finding.KEEP_ALIVE_ACK, Finding.PREVIOUS_SEGMENT_NOT_CAPTURED, Finding.ACKED_UNSEEN_SEGMENT}) {
            if (p.findings().contains(f)) {
                b.append(b.isEmpty() ? "" : ", ").append(f.text());
                if (f == Finding.DUP_ACK) {
                    b.append(" #").append(p.dupAckNumber());
                }
            }
        }
        return b.toString();
    }

    private static String describeIp(PacketRecord p) {
        IpHeader ip = p.ip();
        String proto = switch (ip.protocol()) {
            case 17 -> "UDP";
            case 6 -> "TCP";
            case 1 -> "ICMP";
            default -> "IP proto " + ip.protocol();
        };
        StringBuilder b = new StringBuilder(proto);
        if (p.sourcePort() != 0 && ip.fragmentOffset() == 0) {
            b.append(' ').append(p.sourcePort()).append('>').append(p.destinationPort());
        }
        b.append(" id ").append(ip.identification());
        if (ip.isFragment()) {
            int payload = ip.totalLength() - 20;
            b.append(" frag ").append(ip.fragmentOffset()).append(':').append(ip.fragmentOffset() + payload);
            b.append(ip.moreFragments() ? " MF" : " last");
        }
        b.append(" len ").append(ip.totalLength());
        return b.toString();
    }
}
