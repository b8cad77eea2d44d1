package org.margay.packetdrill.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
    private static Event only(String text) throws ScriptSyntaxException {
        List<Event> events = Parser.parse(text).events();
        assertEquals(1, events.size());
        return events.get(0);
    }

    private static String error(String text) {
        return assertThrows(ScriptSyntaxException.class, () -> Parser.parse(text)).getMessage();
    }

    @Test
    void times() throws Exception {
        EventTime abs = only("0.25 close(3) = 0").time();
        assertEquals(new EventTime(EventTime.Type.ABSOLUTE, 250_000, EventTime.End.NONE, -1), abs);
        EventTime rel = only("+.1 close(3) = 0").time();
        assertEquals(EventTime.Type.RELATIVE, rel.type());
        assertEquals(100_000, rel.startMicros());
        assertEquals(EventTime.Type.RELATIVE, only("+ 0.00 close(3) = 0").time().type());
        assertEquals(EventTime.ANY_TIME, only("* > . 1:1(0) ack 1").time());
        EventTime range = only("+.3~+.303 > . 1:1(0)").time();
        assertEquals(EventTime.End.RANGE, range.end());
        assertEquals(303_000, range.endMicros());
        EventTime span = only("+0...0.200 accept(3, ..., ...) = 4").time();
        assertEquals(EventTime.End.BLOCKING, span.end());
        assertEquals(200_000, span.endMicros());
        assertEquals("+0.3~+0.303", range.describe());
        assertEquals("+0...0.2", span.describe());
    }

    @Test
    void tcpPacketWithEverything() throws Exception {
        Event e = only("+0 > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 100 ecr 7,nop,wscale 8,eol>");
        EventBody.Packet p = assertInstanceOf(EventBody.Packet.class, e.body());
        assertEquals(EventBody.Direction.OUTBOUND, p.direction());
        PacketSpec.Tcp t = assertInstanceOf(PacketSpec.Tcp.class, p.spec());
        assertEquals("S.", t.flags());
        assertEquals(1L, t.ack());
        assertEquals(65535, t.window());
        assertEquals(List.of(new TcpOption.Mss(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamp(100, 7),
                new TcpOption.Nop(), new TcpOption.WindowScale(8), new TcpOption.Eol()), t.options());
    }

    @Test
    void optionsAbsentEmptyOrUnchecked() throws Exception {
        PacketSpec.Tcp none = (PacketSpec.Tcp) ((EventBody.Packet) only("0 > . 1:1(0) ack 1").body()).spec();
        assertEquals(List.of(), none.options());
        assertNull(none.window());
        PacketSpec.Tcp any = (PacketSpec.Tcp) ((EventBody.Packet) only("0 > S 0:0(0) <...>").body()).spec();
        assertNull(any.options());
        PacketSpec.Tcp sack = (PacketSpec.Tcp) ((EventBody.Packet) only(
                "0 < . 1:1(0) ack 1 win 5 <nop, nop, sack 1001:2001 3001:4001>").body()).spec();
        TcpOption.Sack s = (TcpOption.Sack) sack.options().get(2);
        assertEquals(2, s.blocks().size());
        assertEquals(3001, s.blocks().get(1)[0]);
        assertEquals("sack 1001:2001 3001:4001", s.describe());
    }

    @Test
    void flagCombinations() throws Exception {
        for (String f : List.of("S", "S.", ".", "P.", "F.", "R", "R.", "FP.", "SEW")) {
            PacketSpec.Tcp t = (PacketSpec.Tcp) ((EventBody.Packet) only("0 > " + f + " 1:1(0)").body()).spec();
            assertEquals(f, t.flags());
        }
        PacketSpec.Tcp none = (PacketSpec.Tcp) ((EventBody.Packet) only("0 < - 1:1001(1000) win 9").body()).spec();
        assertEquals("", none.flags());
        assertEquals(1000, none.length());
    }

    @Test
    void icmpAndUdp() throws Exception {
        PacketSpec.Icmp i = (PacketSpec.Icmp) ((EventBody.Packet) only(
                "+0.10 < icmp unreachable port_unreachable [4294967295:4294967295(0)]").body()).spec();
        assertEquals("unreachable", i.type());
        assertEquals("port_unreachable", i.code());
        assertEquals(4294967295L, i.quotedSeq());
        PacketSpec.Icmp frag = (PacketSpec.Icmp) ((EventBody.Packet) only(
                "0 < icmp unreachable frag_needed mtu 1200 [1:1(0)]").body()).spec();
        assertEquals(1200, frag.mtu());
        PacketSpec.Udp u = (PacketSpec.Udp) ((EventBody.Packet) only("0 > udp (16)").body()).spec();
        assertEquals(16, u.length());
    }

    @Test
    void syscallsWithEveryArgumentKind() throws Exception {
        EventBody.Syscall s = (EventBody.Syscall) only(
                "+0 setsockopt(4, SOL_SOCKET, SO_LINGER, {onoff=1, linger=0}, 8) = 0").body();
        assertEquals("setsockopt", s.name());
        Expr.Struct st = assertInstanceOf(Expr.Struct.class, s.args().get(3));
        assertEquals(new Expr.Num(1), st.field("onoff"));
        EventBody.Syscall f = (EventBody.Syscall) only("0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0").body();
        assertEquals(new Expr.BitOr(List.of(new Expr.Sym("O_RDWR"), new Expr.Sym("O_NONBLOCK"))), f.args().get(2));
        EventBody.Syscall c = (EventBody.Syscall) only(
                "0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)").body();
        assertEquals(new Expr.Num(-1), c.result());
        assertEquals("EINPROGRESS", c.errno());
        assertInstanceOf(Expr.Ellipsis.class, c.args().get(1));
        EventBody.Syscall g = (EventBody.Syscall) only(
                "0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0").body();
        assertEquals(new Expr.Array(List.of(new Expr.Sym("ECONNREFUSED"))), g.args().get(3));
        EventBody.Syscall h = (EventBody.Syscall) only("0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)").body();
        assertEquals(new Expr.Num(2), h.result());
        assertNull(h.errno());
        EventBody.Syscall p = (EventBody.Syscall) only(
                "0 poll([{fd=3, events=POLLIN|POLLOUT, revents=POLLOUT}], 1, 0) = 1").body();
        assertEquals("[{fd=3, events=POLLIN|POLLOUT, revents=POLLOUT}]", p.args().get(0).describe());
        EventBody.Syscall b = (EventBody.Syscall) only(
                "0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = 0").body();
        assertEquals("{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"1.2.3.4\")}",
                b.args().get(1).describe());
    }

    @Test
    void commandsCodeAndOptions() throws Exception {
        Script s = Parser.parse("--tolerance_usecs=10000\n--strict_segments\n`../common/defaults.sh`\n"
                + "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 %{ assert tcpi_state == 1 }%\n");
        assertEquals("10000", s.options().get("tolerance_usecs"));
        assertEquals("", s.options().get("strict_segments"));
        assertEquals(3, s.events().size());
        assertEquals(new EventBody.Command("../common/defaults.sh"), s.events().get(0).body());
        assertEquals(EventTime.Type.RELATIVE, s.events().get(0).time().type());
        assertEquals(new EventBody.Code(" assert tcpi_state == 1 "), s.events().get(2).body());
        assertEquals(5, s.events().get(2).line());
    }

    @Test
    void errorsNameLineAndExpectation() {
        assertEquals("line 2: an inbound TCP packet needs 'win N'", error("0 close(3) = 0\n+0 < . 1:1(0) ack 1"));
        assertEquals("line 1: in 1:5(3) the length should be 4", error("0 > . 1:5(3)"));
        assertEquals("line 3: expected TCP flags (such as S, S., ., P., F., R or -) but found '1'",
                error("\n\n0 > 1:1(0)"));
        assertEquals("line 1: invalid TCP flag 'X' in 'SX'", error("0 > SX 1:1(0)"));
        assertEquals("line 1: expected a time (seconds, +seconds or *) at the start of an event but found 'close'",
                error("close(3) = 0"));
        assertEquals("line 1: expected ')' or ',' in the arguments of close() but found '='", error("0 close(3 = 0"));
        assertEquals("line 1: expected a TCP option (nop, eol, mss N, wscale N, sackOK, TS val V ecr E, sack L:R ...)"
                + " but found 'bogus'", error("0 > S 0:0(0) <bogus 3>"));
        assertEquals("line 1: expected 'val' after 'TS' but found 'ecr'", error("0 > S 0:0(0) <TS ecr 1>"));
        assertEquals("line 1: expected '=' and the expected result after close(...) but found the end of the script",
                error("0 close(3)"));
        assertEquals("line 1: a blocking time span (a...b) belongs to a system call", error("0...1 > S 0:0(0)"));
        assertEquals("line 1: time range ends before it starts", error("0.5~0.1 > S 0:0(0)"));
        assertEquals("line 1: number 99999999999999999999 is too large", error("0 > S 99999999999999999999:0(0)"));
        assertEquals("line 1: a shift after 'wscale': 300 is out of range [0, 255]", error("0 > S 0:0(0) <wscale 300>"));
        assertEquals("line 2: unclosed '(' in the note after a system call result",
                error("0 close(3) = -1 EBADF\n(bad"));
        assertEquals("line 1: expected a packet ('<' or '>'), a system call, a `command` or a %{ code }% block after"
                + " the time but found 'x'", error("0 x"));
    }

    @Test
    void fastOpenOptionParsesAsUnmodelled() throws Exception {
        PacketSpec.Tcp t = (PacketSpec.Tcp) ((EventBody.Packet) only(
                "0 < S 0:10(10) win 1000 <mss 1460,sackOK,nop,nop,FO TFO_COOKIE,nop,nop>").body()).spec();
        assertEquals(new TcpOption.Unmodelled("FO"), t.options().get(4));
    }

    @Test
    void malformedInputNeverThrowsUnchecked() {
        String alphabet = "0+.~*<>SPF.R-:()[]{},=|`%{}\"/ \nackwinmssTSvalecr..." + "0123456789";
        qt().withExamples(3000).forAll(strings().betweenCodePoints(32, 126).ofLengthBetween(0, 60))
                .checkAssert(s -> parseQuietly(s));
        qt().withExamples(3000).forAll(strings().betweenCodePoints(0, alphabet.length() - 1).ofLengthBetween(0, 40))
                .checkAssert(s -> {
                    StringBuilder b = new StringBuilder();
                    s.codePoints().forEach(cp -> b.append(alphabet.charAt(cp)));
                    parseQuietly(b.toString());
                });
    }

    private static void parseQuietly(String s) {
        try {
            Parser.parse(s);
        } catch (ScriptSyntaxException e) {
            assertTrue(e.getMessage().startsWith("line "), e.getMessage());
        }
    }
}
