package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;
import org.margay.packetdrill.script.PacketSpec;
import org.margay.packetdrill.script.TcpOption;

/**
 * Compares an outbound TCP segment with the script's expectation, field by field, the way packetdrill does:
 * flags exactly; sequence number (stack's space mapped to the script's); payload length; acknowledgment number
 * (the peer's space, as written); the raw 16-bit window when the script gives {@code win}; the TCP options kind by
 * kind in order unless the script wrote {@code <...>} (no options written means none expected): MSS, window-scale
 * shift, SACK blocks and the TS echo reply exactly, the TS value only with {@code --tcp_ts_tick_usecs} and within the
 * timing tolerance. IPv4 and TCP checksums must verify. The first difference is reported.
 *
 * <p>Deliberately stricter than packetdrill in one respect: the TS echo reply is compared (packetdrill ignores it);
 * the script's echo values are the peer's TS vals, which the runner injects unchanged, so the stack must echo them.
 */
final class SegmentChecker {
    private SegmentChecker() {
    }

    /**
     * An outbound TCP segment as the checker sees it: one frame, or several consecutive frames aggregated the way
     * packetdrill rebuilds a TSO/GSO super-segment (header of the first, PSH and FIN of the last, payloads summed).
     */
    record Observed(long timeNanos, long seq, long ack, int flags, int window, List<OutboundFrame.WireOption> options,
                    int payloadLength, int frames, String integrity) {
    }

    /** One frame as an {@link Observed}. */
    static Observed of(OutboundFrame f) {
        String integrity = null;
        if (!f.ipChecksumOk()) {
            integrity = "bad IPv4 header checksum";
        } else if (!f.l4ChecksumOk()) {
            integrity = "bad TCP checksum";
        } else if (f.ipHeaderLength() != Wire.IPV4_HEADER) {
            integrity = "IPv4 header with options (IHL " + f.ipHeaderLength() + ")";
        } else if (f.urgent() != 0 && !f.has(OutboundFrame.URG)) {
            integrity = "urgent pointer " + f.urgent() + " without URG";
        }
        return new Observed(f.timeNanos(), f.seq(), f.ack(), f.flags(), f.window(), f.options(), f.payloadLength(), 1,
                integrity);
    }

    /**
     * Appends {@code next} to {@code so} as packetdrill's aggregation does; returns null with {@code why[0]} set when
     * the two cannot belong to one super-segment (not contiguous, different ACK, window, options length or flags
     * other than PSH, FIN and CWR).
     */
    static Observed aggregate(Observed so, OutboundFrame next, String[] why) {
        Observed n = of(next);
        long expectedSeq = (so.seq() + so.payloadLength()) & 0xFFFF_FFFFL;
        int ignorable = OutboundFrame.PSH | OutboundFrame.FIN | OutboundFrame.CWR;
        if (n.seq() != expectedSeq) {
            why[0] = "next segment starts at " + n.seq() + ", not at " + expectedSeq;
        } else if (n.ack() != so.ack()) {
            why[0] = "next segment has ack " + n.ack() + ", not " + so.ack();
        } else if (n.window() != so.window()) {
            why[0] = "next segment has window " + n.window() + ", not " + so.window();
        } else if ((n.flags() & ~ignorable) != (so.flags() & ~ignorable)) {
            why[0] = "next segment has flags " + OutboundFrame.flagLetters(n.flags());
        } else if (optionBytes(n.options()) != optionBytes(so.options())) {
            why[0] = "next segment has different options";
        } else if (n.integrity() != null) {
            why[0] = n.integrity();
        }
        if (why[0] != null) {
            return null;
        }
        int flags = (so.flags() & ~(OutboundFrame.PSH | OutboundFrame.FIN))
                | (n.flags() & (OutboundFrame.PSH | OutboundFrame.FIN));
        return new Observed(so.timeNanos(), so.seq(), so.ack(), flags, so.window(), so.options(),
                so.payloadLength() + n.payloadLength(), so.frames() + 1, so.integrity());
    }

    private static int optionBytes(List<OutboundFrame.WireOption> options) {
        int n = 0;
        for (OutboundFrame.WireOption o : options) {
            n += o.kind() <= 1 ? 1 : o.data().length + 2;
        }
        return n;
    }

    /**
     * The first difference between {@code expected} and {@code actual}, or null when they match. {@code tsTick}
     * is packetdrill's {@code --tcp_ts_tick_usecs} (0: TS val not checked).
     */
    static String compare(PacketSpec.Tcp expected, Observed actual, SequenceSpace space, long tsTickMicros,
                          long toleranceMicros) {
        if (actual.integrity() != null) {
            return actual.integrity();
        }
        int want = InboundBuilder.flagBits(expected.flags());
        // PSH of a super-segment rebuilt from several segments is not compared: Linux's GSO gives it the PSH of the
        // skb it came from, a placement a stack without TSO cannot reproduce (and RFC 9293 §3.9.1 leaves PSH to the
        // sender). The caller notes the difference. PSH of a single segment is compared exactly.
        int ignore = actual.frames() > 1 ? OutboundFrame.PSH : 0;
        if ((want & ~ignore) != (actual.flags() & ~ignore)) {
            return "flags: expected " + OutboundFrame.flagLetters(want) + " but the stack sent "
                    + OutboundFrame.flagLetters(actual.flags());
        }
        long seq = space.localToScript(actual.seq());
        if (seq != expected.seq()) {
            return "sequence number: expected " + expected.seq() + " but the stack sent " + seq;
        }
        if (actual.payloadLength() != expected.length()) {
            return "payload length: expected " + expected.length() + " but the stack sent " + actual.payloadLength();
        }
        long wantAck = expected.ack() == null ? 0 : expected.ack();
        if (actual.ack() != wantAck) {
            return "acknowledgment number: expected " + wantAck + " but the stack sent " + actual.ack();
        }
        if (expected.window() != null && expected.window() != actual.window()) {
            return "window: expected " + expected.window() + " but the stack sent " + actual.window();
        }
        if (expected.options() == null) {
            return null;
        }
        return compareOptions(expected.options(), actual.options(), space, tsTickMicros, toleranceMicros);
    }

    private static String compareOptions(List<TcpOption> want, List<OutboundFrame.WireOption> got, SequenceSpace space,
                                         long tsTickMicros, long toleranceMicros) {
        String expectedText = describe(want);
        String actualText = describeWire(got, space);
        int n = Math.max(want.size(), got.size());
        for (int i = 0; i < n; i++) {
            if (i >= want.size() || i >= got.size()) {
                return "TCP options: expected <" + expectedText + "> but the stack sent <" + actualText + ">";
            }
            TcpOption w = want.get(i);
            OutboundFrame.WireOption g = got.get(i);
            String problem = compareOption(w, g, space, tsTickMicros, toleranceMicros);
            if (problem != null) {
                return "TCP option " + (i + 1) + " (" + w.describe() + "): " + problem + "; expected <" + expectedText
                        + "> but the stack sent <" + actualText + ">";
            }
        }
        return null;
    }

    private static String compareOption(TcpOption w, OutboundFrame.WireOption g, SequenceSpace space, long tsTick,
                                        long tolerance) {
        int kind = switch (w) {
            case TcpOption.Nop _ -> OutboundFrame.WireOption.NOP;
            case TcpOption.Eol _ -> OutboundFrame.WireOption.EOL;
            case TcpOption.Mss _ -> OutboundFrame.WireOption.MSS;
            case TcpOption.WindowScale _ -> OutboundFrame.WireOption.WSCALE;
            case TcpOption.SackPermitted _ -> OutboundFrame.WireOption.SACK_PERMITTED;
            case TcpOption.Timestamp _ -> OutboundFrame.WireOption.TIMESTAMP;
            case TcpOption.Sack _ -> OutboundFrame.WireOption.SACK;
            case TcpOption.Unmodelled _ -> -1;
        };
        if (kind != g.kind()) {
            return "the stack sent " + g.describe() + " in its place";
        }
        switch (w) {
            case TcpOption.Mss m -> {
                if (g.data().length != 2 || Wire.u16(g.data(), 0) != m.value()) {
                    return "the stack sent " + g.describe();
                }
            }
            case TcpOption.WindowScale s -> {
                if (g.data().length != 1 || Wire.u8(g.data(), 0) != s.shift()) {
                    return "the stack sent " + g.describe();
                }
            }
            case TcpOption.SackPermitted _ -> {
                if (g.data().length != 0) {
                    return "bad length";
                }
            }
            case TcpOption.Timestamp t -> {
                if (g.data().length != 8) {
                    return "bad length";
                }
                long ecr = g.u32(4);
                if (ecr != t.echoReply()) {
                    return "TS ecr: expected " + t.echoReply() + " but the stack sent " + ecr;
                }
                if (tsTick > 0 && space.timestampBaseKnown()) {
                    long val = space.timestampToScript(g.u32(0));
                    long diff = Math.abs((int) (val - t.value()));
                    if (diff * tsTick > tolerance) {
                        return "TS val: expected " + t.value() + " but the stack sent " + val + " (script space, "
                                + tsTick + " us per tick, tolerance " + tolerance + " us)";
                    }
                }
            }
            case TcpOption.Sack s -> {
                if (g.data().length != 8 * s.blocks().size()) {
                    return "the stack sent " + g.describe();
                }
                for (int b = 0; b < s.blocks().size(); b++) {
                    long[] block = s.blocks().get(b);
                    if (g.u32(8 * b) != block[0] || g.u32(8 * b + 4) != block[1]) {
                        return "the stack sent " + g.describe();
                    }
                }
            }
            default -> {
            }
        }
        return null;
    }

    /** A note when an aggregated super-segment's PSH differs from the script's (not a failure), else null. */
    static String pshNote(PacketSpec.Tcp expected, Observed actual) {
        boolean want = expected.has('P');
        boolean got = (actual.flags() & OutboundFrame.PSH) != 0;
        if (actual.frames() > 1 && want != got) {
            return "PSH not compared on " + actual.frames() + " aggregated segments: the script has "
                    + (want ? "P" : "no P") + ", the last segment " + (got ? "has P" : "has no P");
        }
        return null;
    }

    /** The script's options as written. */
    static String describe(List<TcpOption> options) {
        List<String> parts = new ArrayList<>();
        for (TcpOption o : options) {
            parts.add(o.describe());
        }
        return String.join(",", parts);
    }

    /** Options as sent, the TS val in script space when known. */
    static String describeWire(List<OutboundFrame.WireOption> options, SequenceSpace space) {
        List<String> parts = new ArrayList<>();
        for (OutboundFrame.WireOption o : options) {
            if (o.kind() == OutboundFrame.WireOption.TIMESTAMP && o.data().length == 8 && space.timestampBaseKnown()) {
                parts.add("TS val " + space.timestampToScript(o.u32(0)) + " ecr " + o.u32(4));
            } else {
                parts.add(o.describe());
            }
        }
        return String.join(",", parts);
    }

    /** An observed segment in script notation (stack's numbers mapped), for messages. */
    static String text(Observed o, SequenceSpace space) {
        long seq = space.localToScript(o.seq());
        long end = (seq + o.payloadLength()) & 0xFFFF_FFFFL;
        StringBuilder b = new StringBuilder(OutboundFrame.flagLetters(o.flags())).append(' ').append(seq).append(':')
                .append(end).append('(').append(o.payloadLength()).append(')');
        if ((o.flags() & OutboundFrame.ACK) != 0 || o.ack() != 0) {
            b.append(" ack ").append(o.ack());
        }
        b.append(" win ").append(o.window());
        if (!o.options().isEmpty()) {
            b.append(" <").append(describeWire(o.options(), space)).append('>');
        }
        if (o.frames() > 1) {
            b.append(" [").append(o.frames()).append(" segments aggregated]");
        }
        return b.toString();
    }

    /** The expected segment in script notation. */
    static String text(PacketSpec.Tcp t) {
        StringBuilder b = new StringBuilder(t.flags().isEmpty() ? "-" : t.flags()).append(' ').append(t.seq())
                .append(':').append(t.end()).append('(').append(t.length()).append(')');
        if (t.ack() != null) {
            b.append(" ack ").append(t.ack());
        }
        if (t.window() != null) {
            b.append(" win ").append(t.window());
        }
        if (t.options() == null) {
            b.append(" <...>");
        } else if (!t.options().isEmpty()) {
            b.append(" <").append(describe(t.options())).append('>');
        }
        return b.toString();
    }
}
