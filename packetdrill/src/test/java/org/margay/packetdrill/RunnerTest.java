package org.margay.packetdrill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Inline scripts that must fail (or be unsupported) with a precise message: the checker is not lenient. */
class RunnerTest {
    private static final String SERVER = """
                0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
               +0 bind(3, ..., ...) = 0
               +0 listen(3, 1) = 0
               +0 < S 0:0(0) win 8000 <mss 1000>
               +0 > S. 0:0(0) ack 1 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8000
               +0 accept(3, ..., ...) = 4
            """;

    private static ScriptResult run(String text) {
        return new PacketdrillRunner(Profile.LINUX).runText("inline.pkt", text);
    }

    private static void assertFails(String text, String expectedDetail) {
        ScriptResult r = run(text);
        assertEquals(Verdict.FAILED, r.verdict(), r.line());
        assertEquals(expectedDetail, r.detail());
    }

    @Test
    void aHandshakeAndDataPass() {
        ScriptResult r = run(SERVER + "+0 write(4, ..., 10) = 10\n+0 > P. 1:11(10) ack 1\n");
        assertEquals(Verdict.PASSED, r.verdict(), r.line());
        assertEquals("PASS  inline.pkt [linux]", r.line());
    }

    @Test
    void wrongWindowFailsWithTheLineAndBothValues() {
        assertFails(SERVER + "+0 write(4, ..., 10) = 10\n+0 > P. 1:11(10) ack 1 win 9\n",
                "line 9: expected > P. 1:11(10) ack 1 win 9 at 0.01 s; the stack sent P. 1:11(10) ack 1 win 65535 at"
                        + " 0.01 s: window: expected 9 but the stack sent 65535");
    }

    @Test
    void aPacketTooEarlyIsATimingError() {
        assertFails(SERVER + "+0 write(4, ..., 10) = 10\n+.1 > P. 1:11(10) ack 1\n",
                "line 9: expected > P. 1:11(10) ack 1 at 0.11 s; the stack sent P. 1:11(10) ack 1 win 65535 at 0.01 s:"
                        + " timing: expected at 0.11 s (tolerance 4000 us) but sent at 0.01 s");
    }

    @Test
    void aMissingPacketIsReported() {
        assertFails(SERVER + "+0 > P. 1:11(10) ack 1\n",
                "line 8: expected > P. 1:11(10) ack 1 at 0.01 s but the stack sent nothing by 0.014 s");
    }

    @Test
    void anUnexpectedPacketIsMatchedAgainstTheNextExpectation() {
        // The stack ACKs the data at once (quick-ACK mode); the script expects a window update instead.
        assertFails(SERVER + "+0 < P. 1:101(100) ack 1 win 8000\n+0 > . 1:1(0) ack 50\n",
                "line 9: expected > . 1:1(0) ack 50 at 0.01 s; the stack sent . 1:1(0) ack 101 win 65435 at 0.01 s:"
                        + " acknowledgment number: expected 50 but the stack sent 101");
    }

    @Test
    void aSystemCallResultMismatch() {
        assertFails(SERVER + "+0 < P. 1:11(10) ack 1 win 8000\n+0 read(4, ..., 100) = 5\n",
                "line 9: read(...) expected = 5 but got = 10");
        assertFails(SERVER + "+0 read(4, ..., 10) = -1 EAGAIN (nothing to read)\n",
                "line 8: read() was expected to return at 0.01 s but was still blocked at 0.014 s");
    }

    @Test
    void aBlockingCallThatNeverReturns() {
        assertFails(SERVER + "+0...0.1 read(4, ..., 10) = 10\n+.5 close(4) = 0\n",
                "line 8: read() was expected to return at 0.11 s but was still blocked at 0.114 s");
    }

    @Test
    void aBlockingCallThatReturnsAtTheWrongTime() {
        assertFails(SERVER + "+0...0.1 read(4, ..., 10) = 10\n+.05 < P. 1:11(10) ack 1 win 8000\n",
                "line 8: read() returned at 0.06 s, expected at 0.11 s (tolerance 4000 us)");
    }

    @Test
    void anAssertionFailure() {
        assertFails(SERVER + "+0 %{ assert tcpi_snd_cwnd == 3, tcpi_snd_cwnd }%\n",
                "line 8: at 0.01 s assertion failed: tcpi_snd_cwnd == 3 , tcpi_snd_cwnd (tcpi_snd_cwnd = 10)");
    }

    @Test
    void sockstatCountsTheScriptsSocketsByState() {
        String pipeline = "+0 `sockstat -4 -P tcp -s | grep packetdril | grep -c ESTABLISHED | grep %d`\n";
        assertEquals(Verdict.PASSED, run(SERVER + pipeline.formatted(1)).verdict());
        assertFails(SERVER + pipeline.formatted(2),
                "line 8: sockstat: expected 2 TCP socket(s) in ESTABLISHED but the stack has 1");
        assertEquals(Verdict.UNSUPPORTED, run(SERVER + "+0 `sockstat -4 | wc -l`\n").verdict());
    }

    @Test
    void unsupportedThingsAreNamed() {
        ScriptResult knob = run("`sysctl -q net.ipv4.tcp_nope=1`\n" + SERVER);
        assertEquals(Verdict.UNSUPPORTED, knob.verdict());
        assertEquals("sysctl net.ipv4.tcp_nope=1 has no matching knob in Margay's linux profile (line 1)", knob.detail());
        ScriptResult field = run(SERVER + "+0 %{ assert tcpi_lost == 0 }%\n");
        assertEquals("TCP_INFO field tcpi_lost is not exposed by the engine (line 8)", field.detail());
        ScriptResult opt = run(SERVER + "+0 setsockopt(4, SOL_TCP, TCP_FASTOPEN, [1], 4) = 0\n");
        assertEquals(Verdict.UNSUPPORTED, opt.verdict());
        assertTrue(opt.detail().startsWith("socket option TCP_FASTOPEN is not modelled"), opt.detail());
        // TCP_USER_TIMEOUT (RFC 5482) is modelled: the engine applies it per connection.
        assertEquals(Verdict.PASSED, run(SERVER + "+0 setsockopt(4, SOL_TCP, TCP_USER_TIMEOUT, [3000], 4) = 0\n")
                .verdict());
        assertEquals(Verdict.UNSUPPORTED, run("--ip_version=ipv6\n" + SERVER).verdict());
        assertEquals(Verdict.UNSUPPORTED, run(SERVER + "+0 sendmsg(4, ..., 0) = 0\n").verdict());
    }

    @Test
    void syntaxErrorsFailWithTheLine() {
        ScriptResult r = run("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0(0)\n");
        assertEquals(Verdict.FAILED, r.verdict());
        assertEquals("syntax error: line 2: an inbound TCP packet needs 'win N'", r.detail());
    }

    @Test
    void theFirstEventMustBeAtZero() {
        assertFails("1 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n", "line 1: the first event must be at time 0");
    }

    @Test
    void oddScriptsEndInAVerdictNotAnException() {
        assertFails("0 write(99, ..., 5) = 5\n", "line 1: write(...) expected = 5 but got = -1 EBADF");
        assertFails("0 > S 0:0(0)\n", "line 1: expected > S 0:0(0) at 0 s but the stack sent nothing by 0.004 s");
        assertFails("0 %{ assert tcpi_state == 1 }%\n", "line 1: %{ }% needs a connected socket under test");
        assertFails("0 < . 1:1(0) ack 5 win 10 <nop,nop,TS val 1 ecr 99>\n",
                "line 1: cannot map the inbound TS ecr 99: no outbound packet carried TS val 99");
        assertFails("0 < . 1:1(0) ack 5 win 10 <nop>\n",
                "line 1: TCP options are not padded to a multiple of 4 bytes (1 bytes)");
        assertFails("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 close(3) = 0\n+0 close(3) = 0\n",
                "line 3: close(...) expected = 0 but got = -1 EBADF");
        assertEquals(Verdict.PASSED, run("0 < S 0:0(0) win 10\n+0 > R. 0:0(0) ack 1 win 0\n").verdict());
        assertEquals("syntax error: line 1: time 99999999 is too large (more than 1000000 s)",
                run("99999999 close(3) = 0").detail());
    }

    @Test
    void reportEndsWithTheSummary() {
        var lines = PacketdrillRunner.report(java.util.List.of(run(SERVER), run("0 x(")), false);
        assertEquals("passed=1 failed=1 unsupported=0", lines.get(lines.size() - 1));
    }
}
