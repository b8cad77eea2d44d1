package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.explain.Segments.ACK;
import static org.margay.explain.Segments.FIN;
import static org.margay.explain.Segments.PSH;
import static org.margay.explain.Segments.RST;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Finding;
import org.margay.explain.model.Metric;
import org.margay.explain.model.TimelineEvent;

/** The passive analyser on hand-made segment sequences: each finding, and what must not be found. */
class PassiveAnalyserTest {
    private static final long C = 1000;   // client ISN
    private static final long S = 50_000; // server ISN

    private static Set<Finding> of(Finding... f) {
        return f.length == 0 ? EnumSet.noneOf(Finding.class) : EnumSet.of(f[0], f);
    }

    /** Handshake, then the client sends segments 1..n of 1000 bytes at 100 µs intervals from t = 20 ms. */
    private static Segments bulk(int n) {
        Segments s = new Segments().handshake(C, S);
        for (int i = 0; i < n; i++) {
            s.add(true, 20_000 + 100L * i, ACK, C + 1 + 1000L * i, S + 1, 65535, 1000);
        }
        return s;
    }

    @Test
    void cleanExchangeHasNoFindingsAndMeasuresTheHandshake() {
        Segments s = bulk(3);
        s.add(false, 30_200, ACK, S + 1, C + 3001, 65535, 0);
        ConnectionTimeline c = s.explain();
        for (int i = 1; i <= 7; i++) {
            assertEquals(of(), s.packet(i).findings(), "packet " + i);
        }
        assertEquals(10_050_000L, c.handshakeRttNanos());
        assertTrue(c.vantage().startsWith("captured near 10.0.0.1:40000"), c.vantage());
        assertEquals(1, s.packet(4).relativeSequence(), "relative to the ISN");
        assertEquals(3001, s.packet(7).relativeAcknowledgment());
        assertEquals(2, c.series(Metric.RTT_SAMPLE, 0).size(), "the SYN and the data: two samples");
        assertEquals(10_000_000, c.series(Metric.RTT_SAMPLE, 0).value(0), "SYN to SYN-ACK");
    }

    @Test
    void duplicateAcksThenFastRetransmission() {
        Segments s = bulk(5); // packets 4..8; the second data segment (packet 5, seq C+1001) is lost
        s.add(false, 30_100, ACK, S + 1, C + 1001, 65535, 0);   // 9: ACK of the first
        s.add(false, 30_200, ACK, S + 1, C + 1001, 65535, 0);   // 10: dup #1
        s.add(false, 30_300, ACK, S + 1, C + 1001, 65535, 0);   // 11: dup #2
        s.add(false, 30_400, ACK, S + 1, C + 1001, 65535, 0);   // 12: dup #3
        s.add(true, 30_450, ACK, C + 1001, S + 1, 65535, 1000);  // 13: resend of packet 5
        s.explain();
        assertEquals(of(), s.packet(9).findings());
        assertEquals(of(Finding.DUP_ACK), s.packet(10).findings());
        assertEquals(1, s.packet(10).dupAckNumber());
        assertEquals(3, s.packet(12).dupAckNumber());
        assertEquals(of(Finding.RETRANSMISSION, Finding.FAST_RETRANSMISSION), s.packet(13).findings());
    }

    @Test
    void aLateResendIsARetransmissionAndAnEarlyOneIsOutOfOrder() {
        Segments late = bulk(3);
        late.add(true, 300_000, ACK, C + 1001, S + 1, 65535, 1000); // 280 ms later: a timeout's resend
        late.explain();
        assertEquals(of(Finding.RETRANSMISSION), late.packet(7).findings());

        Segments early = bulk(3);
        early.add(true, 20_250, ACK, C + 1001, S + 1, 65535, 1000); // 50 µs after the highest: overtaken
        early.explain();
        assertEquals(of(Finding.OUT_OF_ORDER), early.packet(7).findings());
    }

    @Test
    void resendingAcknowledgedBytesIsSpurious() {
        Segments s = bulk(2);
        s.add(false, 30_000, ACK, S + 1, C + 2001, 65535, 0);
        s.add(true, 300_000, ACK, C + 1, S + 1, 65535, 1000);
        s.explain();
        assertEquals(of(Finding.RETRANSMISSION, Finding.SPURIOUS_RETRANSMISSION), s.packet(7).findings());
    }

    @Test
    void zeroWindowProbeAndWindowUpdate() {
        Segments s = bulk(1);                                        // 4: data, client NXT = C+1001
        s.add(false, 30_000, ACK, S + 1, C + 1001, 0, 0);            // 5: zero window
        s.add(true, 230_000, ACK, C + 1001, S + 1, 65535, 1);        // 6: probe: one byte into the closed window
        s.add(false, 240_000, ACK, S + 1, C + 1001, 0, 0);           // 7: still closed (the probe's answer)
        s.add(false, 400_000, ACK, S + 1, C + 1001, 8000, 0);        // 8: opens: window update
        ConnectionTimeline c = s.explain();
        assertEquals(of(Finding.ZERO_WINDOW), s.packet(5).findings());
        assertEquals(of(Finding.ZERO_WINDOW_PROBE), s.packet(6).findings());
        assertTrue(s.packet(7).findings().contains(Finding.ZERO_WINDOW_PROBE_ACK), s.packet(7).findings().toString());
        assertEquals(of(Finding.WINDOW_UPDATE), s.packet(8).findings());
        assertTrue(events(c, EventKind.WINDOW).stream().anyMatch(e -> e.text().startsWith("window opens again")));
    }

    @Test
    void aSegmentThatFillsTheWindowExactly() {
        Segments s = new Segments().handshake(C, S);
        s.add(false, 15_000, ACK, S + 1, C + 1, 3000, 0);            // 4: window 3000 from C+1
        s.add(true, 20_000, ACK, C + 1, S + 1, 65535, 1000);         // 5
        s.add(true, 20_100, ACK, C + 1001, S + 1, 65535, 2000);      // 6: ends at C+3001 = ACK + window
        s.explain();
        assertEquals(of(), s.packet(5).findings());
        assertEquals(of(Finding.WINDOW_FULL), s.packet(6).findings());
    }

    @Test
    void keepAliveAndItsAck() {
        Segments s = bulk(1);
        s.add(false, 30_000, ACK, S + 1, C + 1001, 65535, 0);
        s.add(true, 7_230_000, ACK, C + 1000, S + 1, 65535, 0);      // one below NXT, no data
        s.add(false, 7_240_000, ACK, S + 1, C + 1001, 65535, 0);
        s.explain();
        assertEquals(of(Finding.KEEP_ALIVE), s.packet(6).findings());
        assertEquals(of(Finding.KEEP_ALIVE_ACK), s.packet(7).findings());
    }

    @Test
    void sequenceNumbersWrapAroundWithoutFalseFindings() {
        long isn = 0xFFFF_FC00L; // 1024 below the wrap
        Segments s = new Segments().handshake(isn, S);
        for (int i = 0; i < 4; i++) {
            s.add(true, 20_000 + 100L * i, ACK, (isn + 1 + 1000L * i) & 0xFFFF_FFFFL, S + 1, 65535, 1000);
        }
        s.add(false, 30_000, ACK, S + 1, (isn + 4001) & 0xFFFF_FFFFL, 65535, 0);
        s.explain();
        for (int i = 1; i <= 8; i++) {
            assertEquals(of(), s.packet(i).findings(), "packet " + i);
        }
        assertEquals(3001, s.packet(7).relativeSequence());
        assertEquals(4001, s.packet(8).relativeAcknowledgment());
    }

    @Test
    void gapsInTheCaptureAreNamed() {
        Segments s = bulk(1);
        s.add(true, 20_200, ACK, C + 3001, S + 1, 65535, 1000);      // 5: 2000 bytes never captured
        s.add(false, 30_000, ACK, S + 1, C + 6001, 65535, 0);        // 6: acknowledges beyond what was seen
        s.explain();
        assertEquals(of(Finding.PREVIOUS_SEGMENT_NOT_CAPTURED), s.packet(5).findings());
        assertEquals(of(Finding.ACKED_UNSEEN_SEGMENT), s.packet(6).findings());
    }

    @Test
    void sackBlocksBuildTheScoreboard() {
        Segments s = bulk(4);
        s.add(false, 30_000, ACK, S + 1, C + 1001, 65535, 0, -1,
                new int[] {(int) (C + 2001), (int) (C + 3001)});
        s.add(false, 30_100, ACK, S + 1, C + 1001, 65535, 0, -1,
                new int[] {(int) (C + 2001), (int) (C + 4001)});
        ConnectionTimeline c = s.explain();
        List<TimelineEvent> sack = events(c, EventKind.SACK);
        assertEquals(2, sack.size(), sack.toString());
        assertTrue(sack.get(1).text().contains("2001-4001"), sack.get(1).text());
        assertEquals(0, sack.get(1).side(), "the scoreboard is the sender's");
    }

    @Test
    void statesAreInferredThroughTheClose() {
        Segments s = new Segments().handshake(C, S);
        s.add(true, 20_000, ACK | PSH | FIN, C + 1, S + 1, 65535, 100); // 4: data and FIN
        s.add(false, 30_000, ACK | FIN, S + 1, C + 102, 65535, 0);      // 5: ACK of it and the server's FIN
        s.add(true, 30_100, ACK, C + 102, S + 2, 65535, 0);             // 6: last ACK
        ConnectionTimeline c = s.explain();
        List<String> client = states(c, 0);
        List<String> server = states(c, 1);
        assertEquals(List.of("SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT"), client);
        assertEquals(List.of("LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"), server);
        assertTrue(events(c, EventKind.STATE).get(0).text().contains("RFC 9293 §3.10.1"));
    }

    @Test
    void aResetEndsBothSidesAndAnewSynStartsAFreshConnection() {
        Segments s = new Segments().handshake(C, S);
        s.add(false, 20_000, RST | ACK, S + 1, C + 1, 0, 0);           // 4
        s.add(true, 1_000_000, Segments.SYN, 9_000_000, 0, 65535, 0);  // 5: new ISN, same ports
        ConnectionTimeline c = s.explain();
        assertTrue(states(c, 0).contains("CLOSED"));
        assertFalse(s.packet(5).findings().contains(Finding.RETRANSMISSION));
        assertEquals(0, s.packet(5).relativeSequence(), "numbered from the new ISN");
        assertTrue(events(c, EventKind.INFO).stream().anyMatch(e -> e.text().contains("reuses the same ports")));
    }

    private static List<TimelineEvent> events(ConnectionTimeline c, EventKind kind) {
        return c.events().stream().filter(e -> e.kind() == kind).toList();
    }

    private static List<String> states(ConnectionTimeline c, int side) {
        return c.events().stream().filter(e -> e.kind() == EventKind.STATE && e.side() == side)
                .map(e -> e.text().substring(e.text().indexOf("-> ") + 3, e.text().indexOf(':'))).toList();
    }
}
