package org.margay.packetdrill.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.packetdrill.script.EventBody;
import org.margay.packetdrill.script.Parser;
import org.margay.packetdrill.script.PacketSpec;
import org.margay.packetdrill.script.TcpOption;

class SegmentCheckerTest {
    private static final long ISN = 0x8000_0000L;
    private final InboundBuilder builder = new InboundBuilder();

    private static PacketSpec.Tcp spec(String line) throws Exception {
        return (PacketSpec.Tcp) ((EventBody.Packet) Parser.parse("0 " + line).events().get(0).body()).spec();
    }

    private OutboundFrame frame(long seq, long ack, int flags, int window, List<TcpOption> options, int payload)
            throws Exception {
        byte[] f = builder.tcp(40000, 8080, seq, ack, flags, window, InboundBuilder.encodeOptions(options, 0), payload);
        return OutboundFrame.decode(5_000_000L, f);
    }

    private static SequenceSpace space() {
        SequenceSpace s = new SequenceSpace();
        s.learnLocalIsn(0, ISN);
        return s;
    }

    private String compare(String expected, OutboundFrame actual) throws Exception {
        return SegmentChecker.compare(spec(expected), SegmentChecker.of(actual), space(), 0, 4000);
    }

    @Test
    void matchingSegmentPasses() throws Exception {
        OutboundFrame f = frame(ISN + 1, 1001, OutboundFrame.ACK | OutboundFrame.PSH, 257,
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamp(5, 9)), 100);
        assertNull(compare("> P. 1:101(100) ack 1001 win 257 <nop,nop,TS val 77 ecr 9>", f));
        assertNull(compare("> P. 1:101(100) ack 1001 <...>", f));
    }

    @Test
    void eachFieldIsReportedPrecisely() throws Exception {
        OutboundFrame f = frame(ISN + 1, 1001, OutboundFrame.ACK, 257, List.of(), 100);
        assertEquals("flags: expected P. but the stack sent .", compare("> P. 1:101(100) ack 1001", f));
        assertEquals("sequence number: expected 2 but the stack sent 1", compare("> . 2:102(100) ack 1001", f));
        assertEquals("payload length: expected 99 but the stack sent 100", compare("> . 1:100(99) ack 1001", f));
        assertEquals("acknowledgment number: expected 1000 but the stack sent 1001", compare("> . 1:101(100) ack 1000", f));
        assertEquals("window: expected 256 but the stack sent 257", compare("> . 1:101(100) ack 1001 win 256", f));
        assertEquals("TCP options: expected <nop> but the stack sent <>", compare("> . 1:101(100) ack 1001 <nop>", f));
    }

    @Test
    void noOptionsWrittenMeansNoneExpected() throws Exception {
        OutboundFrame f = frame(ISN + 1, 1, OutboundFrame.ACK, 9,
                List.of(new TcpOption.Nop(), new TcpOption.Nop(), new TcpOption.Timestamp(1, 2)), 0);
        assertEquals("TCP options: expected <> but the stack sent <nop,nop,TS val 1 ecr 2>",
                compare("> . 1:1(0) ack 1", f));
    }

    @Test
    void optionValuesAndOrder() throws Exception {
        OutboundFrame syn = frame(ISN, 0, OutboundFrame.SYN, 65535, List.of(new TcpOption.Mss(1460),
                new TcpOption.SackPermitted(), new TcpOption.Timestamp(4000, 0), new TcpOption.Nop(),
                new TcpOption.WindowScale(7)), 0);
        assertNull(compare("> S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>", syn));
        assertEquals("TCP option 5 (wscale 8): the stack sent wscale 7; expected <mss 1460,sackOK,TS val 100 ecr 0,"
                        + "nop,wscale 8> but the stack sent <mss 1460,sackOK,TS val 4000 ecr 0,nop,wscale 7>",
                compare("> S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 8>", syn));
        assertEquals("TCP option 1 (mss 1400): the stack sent mss 1460; expected <mss 1400,sackOK,TS val 100 ecr 0,"
                        + "nop,wscale 7> but the stack sent <mss 1460,sackOK,TS val 4000 ecr 0,nop,wscale 7>",
                compare("> S 0:0(0) <mss 1400,sackOK,TS val 100 ecr 0,nop,wscale 7>", syn));
        String order = compare("> S 0:0(0) <mss 1460,nop,wscale 7,sackOK,TS val 100 ecr 0>", syn);
        assertNotNull(order);
        assertEquals("TCP option 2 (nop): the stack sent sackOK in its place", order.substring(0, order.indexOf(';')));
        assertEquals("TCP option 3 (TS val 100 ecr 5): TS ecr: expected 5 but the stack sent 0",
                first(compare("> S 0:0(0) <mss 1460,sackOK,TS val 100 ecr 5,nop,wscale 7>", syn)));
    }

    @Test
    void sackBlocksAreInThePeersSpace() throws Exception {
        OutboundFrame f = frame(ISN + 1, 1, OutboundFrame.ACK, 100, List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                new TcpOption.Sack(List.of(new long[] {4001, 5001}, new long[] {1001, 3001}))), 0);
        assertNull(compare("> . 1:1(0) ack 1 <nop,nop,sack 4001:5001 1001:3001>", f));
        assertEquals("TCP option 3 (sack 1001:3001 4001:5001): the stack sent sack 4001:5001 1001:3001",
                first(compare("> . 1:1(0) ack 1 <nop,nop,sack 1001:3001 4001:5001>", f)));
    }

    @Test
    void timestampValueCheckedOnlyWithATick() throws Exception {
        SequenceSpace s = space();
        s.learnTimestamp(100, 9000);
        OutboundFrame f = frame(ISN + 1, 1, OutboundFrame.ACK, 1, List.of(new TcpOption.Nop(), new TcpOption.Nop(),
                new TcpOption.Timestamp(10_100, 3)), 0);
        PacketSpec.Tcp want = spec("> . 1:1(0) ack 1 <nop,nop,TS val 1200 ecr 3>");
        assertNull(SegmentChecker.compare(want, SegmentChecker.of(f), s, 0, 4000));
        assertNull(SegmentChecker.compare(want, SegmentChecker.of(f), s, 1000, 7000)); // 1200 + 0 ticks
        PacketSpec.Tcp late = spec("> . 1:1(0) ack 1 <nop,nop,TS val 1190 ecr 3>");
        assertEquals("TCP option 3 (TS val 1190 ecr 3): TS val: expected 1190 but the stack sent 1200 (script space,"
                + " 1000 us per tick, tolerance 7000 us)", first(SegmentChecker.compare(late, SegmentChecker.of(f), s,
                1000, 7000)));
    }

    @Test
    void corruptChecksumIsReported() throws Exception {
        byte[] bytes = builder.tcp(40000, 8080, ISN + 1, 1, OutboundFrame.ACK, 5, new byte[0], 10);
        bytes[60] ^= 1; // a payload byte
        OutboundFrame f = OutboundFrame.decode(0, bytes);
        assertEquals("bad TCP checksum", compare("> . 1:11(10) ack 1", f));
        bytes[60] ^= 1;
        bytes[22] ^= 1; // the TTL
        assertEquals("bad IPv4 header checksum", compare("> . 1:11(10) ack 1", OutboundFrame.decode(0, bytes)));
    }

    @Test
    void aggregationRebuildsASuperSegmentAndIgnoresItsPsh() throws Exception {
        OutboundFrame a = frame(ISN + 1, 1, OutboundFrame.ACK, 5, List.of(), 1000);
        OutboundFrame b = frame(ISN + 1001, 1, OutboundFrame.ACK, 5, List.of(), 1000);
        String[] why = new String[1];
        SegmentChecker.Observed joined = SegmentChecker.aggregate(SegmentChecker.of(a), b, why);
        assertNotNull(joined);
        assertEquals(2000, joined.payloadLength());
        assertNull(SegmentChecker.compare(spec("> P. 1:2001(2000) ack 1"), joined, space(), 0, 4000));
        assertEquals("PSH not compared on 2 aggregated segments: the script has P, the last segment has no P",
                SegmentChecker.pshNote(spec("> P. 1:2001(2000) ack 1"), joined));
        // A single segment's PSH is compared.
        assertEquals("flags: expected P. but the stack sent .", compare("> P. 1:1001(1000) ack 1", a));
        // Not contiguous: no aggregate.
        OutboundFrame gap = frame(ISN + 1501, 1, OutboundFrame.ACK, 5, List.of(), 1000);
        assertNull(SegmentChecker.aggregate(SegmentChecker.of(a), gap, why));
        assertEquals("next segment starts at " + (ISN + 1501) + ", not at " + (ISN + 1001), why[0]);
    }

    @Test
    void textRendersInScriptSpace() throws Exception {
        OutboundFrame f = frame(ISN + 1, 7, OutboundFrame.ACK | OutboundFrame.FIN, 3, List.of(), 0);
        assertEquals("F. 1:1(0) ack 7 win 3", SegmentChecker.text(SegmentChecker.of(f), space()));
        assertEquals("S. 0:0(0) ack 1 <...>", SegmentChecker.text(spec("> S. 0:0(0) ack 1 <...>")));
    }

    @Test
    void malformedFramesDecodeWithoutThrowing() {
        assertEquals("not an IPv4 frame", OutboundFrame.decode(0, new byte[10]).malformed());
        byte[] f = new byte[60];
        f[12] = 8;
        f[14] = 0x45;
        f[16] = 0;
        f[17] = 40;
        f[23] = 6;
        f[46] = (byte) 0xF0; // data offset 60 > 20 bytes available
        assertEquals("bad TCP data offset 60", OutboundFrame.decode(0, f).malformed());
    }

    private static String first(String message) {
        return message == null ? null : message.contains(";") ? message.substring(0, message.indexOf(';')) : message;
    }
}
