package org.margay.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.margay.explain.lab.Scenario;
import org.margay.explain.lab.Scenarios;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.EventKind;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Fate;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.model.TimelineEvent;

/** Each lab scenario shows what its text says it shows; runs are deterministic. */
class LabScenariosTest {

    private static Explanation run(String name) {
        Scenario s = Scenarios.named(name);
        assertNotNull(s, name);
        return s.explain();
    }

    private static ConnectionTimeline main(Explanation x) {
        return Explain.focus(x, 0);
    }

    private static List<TimelineEvent> events(ConnectionTimeline c, EventKind kind, int side) {
        return c.events().stream().filter(e -> e.kind() == kind && (side < 0 || e.side() == side)).toList();
    }

    private static boolean anyText(ConnectionTimeline c, EventKind kind, String part) {
        return c.events().stream().anyMatch(e -> e.kind() == kind && e.text().contains(part));
    }

    private static long causes(ConnectionTimeline c, RetransmitCause cause) {
        return c.packets().stream().filter(p -> p.cause() == cause).count();
    }

    private static String text(Explanation x) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Explain.print(x, true, 0, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void catalogueHasTheTeachingSetWithUniqueNames() {
        Set<String> names = new HashSet<>();
        for (Scenario s : Scenarios.all()) {
            assertTrue(names.add(s.name()), "duplicate " + s.name());
            assertTrue(s.lookFor().length() > 100, s.name() + " explains what to look for");
        }
        assertEquals(Set.of("handshake", "slow-start", "fast-retransmit", "sack", "rto-backoff", "zero-window",
                "nagle-delayed-ack", "simultaneous-open", "time-wait", "syn-flood", "ip-fragmentation"), names);
        assertNull(Scenarios.named("no-such-scenario"));
    }

    @Test
    void handshakeMovesBothSidesToEstablishedAndCloses() {
        ConnectionTimeline c = main(run("handshake"));
        assertTrue(anyText(c, EventKind.STATE, "SYN-SENT -> ESTABLISHED"));
        assertTrue(anyText(c, EventKind.STATE, "SYN-RECEIVED -> ESTABLISHED"));
        assertTrue(anyText(c, EventKind.STATE, "-> TIME-WAIT"));
        assertTrue(anyText(c, EventKind.STATE, "LAST-ACK -> CLOSED"));
        assertTrue(c.handshakeRttNanos() >= 10_000_000, "a 5 ms path: at least 10 ms");
        assertTrue(c.packets().stream().allMatch(p -> p.fate() == Fate.DELIVERED));
    }

    @Test
    void fastRetransmitAfterThreeDuplicateAcks() {
        ConnectionTimeline c = main(run("fast-retransmit"));
        assertEquals(1, c.packets().stream().filter(p -> p.fate() == Fate.LOST).count());
        assertEquals(1, causes(c, RetransmitCause.FAST));
        assertTrue(events(c, EventKind.DUP_ACK, 1).size() >= 3);
        assertTrue(anyText(c, EventKind.CONGESTION, "ssthresh"), "the loss halves the window");
    }

    @Test
    void sackRecoveryResendsBothHolesAndShowsTheScoreboard() {
        ConnectionTimeline c = main(run("sack"));
        assertEquals(2, c.packets().stream().filter(p -> p.fate() == Fate.LOST).count());
        assertEquals(2, c.packets().stream().filter(p -> p.cause() != null).count());
        assertTrue(anyText(c, EventKind.SACK, "2 ranges"), "two holes, two SACKed ranges");
    }

    @Test
    void rtoBacksOffExponentially() {
        ConnectionTimeline c = main(run("rto-backoff"));
        List<PacketRecord> resent = c.packets().stream().filter(p -> p.cause() == RetransmitCause.RTO).toList();
        assertEquals(4, resent.size());
        for (int i = 1; i < resent.size() - 1; i++) {
            long before = resent.get(i).sentNanos() - resent.get(i - 1).sentNanos();
            long after = resent.get(i + 1).sentNanos() - resent.get(i).sentNanos();
            assertEquals(2.0, (double) after / before, 0.01, "each wait doubles (RFC 6298 §5.5)");
        }
    }

    @Test
    void zeroWindowIsProbedAndReopened() {
        ConnectionTimeline c = main(run("zero-window"));
        assertTrue(anyText(c, EventKind.WINDOW, "zero window"));
        assertTrue(events(c, EventKind.PROBE, 0).size() >= 2, "the persist timer probes");
        assertTrue(anyText(c, EventKind.WINDOW, "opens again"));
    }

    @Test
    void nagleAndDelayedAckStallTheRounds() {
        Explanation x = run("nagle-delayed-ack");
        String rounds = x.summary().stream().filter(l -> l.contains("round times")).findFirst().orElseThrow();
        String[] parts = rounds.substring(rounds.indexOf("round times:") + 12).trim().split(" ms ?");
        assertTrue(Double.parseDouble(parts[parts.length - 1].trim()) >= 40, rounds);
    }

    @Test
    void simultaneousOpenGoesThroughSynReceivedOnBothSides() {
        ConnectionTimeline c = main(run("simultaneous-open"));
        assertEquals(2, c.events().stream().filter(e -> e.text().startsWith("SYN-SENT -> SYN-RECEIVED")).count());
        assertEquals(2, c.events().stream().filter(e -> e.text().startsWith("FIN-WAIT-1 -> CLOSING")).count());
        assertEquals(0, c.packets().stream().filter(p -> p.cause() != null).count(), "no resend: the SYN-ACKs");
    }

    @Test
    void timeWaitOutlivesAResentFin() {
        ConnectionTimeline c = main(run("time-wait"));
        assertTrue(anyText(c, EventKind.STATE, "TIME-WAIT -> CLOSED"));
        assertEquals(1, c.packets().stream().filter(p -> p.fate() == Fate.LOST).count());
        assertTrue(c.packets().stream().anyMatch(p -> p.cause() != null && p.side() == 1), "the server resends its FIN");
    }

    @Test
    void synFloodIsAnsweredWithCookiesAndTheClientGetsThrough() {
        Explanation x = run("syn-flood");
        String listener = x.summary().stream().filter(l -> l.startsWith("server listener")).findFirst().orElseThrow();
        assertFalse(listener.contains("SYN cookies sent 0"), listener);
        assertTrue(x.summary().stream().anyMatch(l -> l.contains("request was answered")), x.summary().toString());
        assertTrue(x.connections().size() <= 2);
    }

    @Test
    void fragmentsAreReassembledOrDiscarded() {
        ConnectionTimeline c = main(run("ip-fragmentation"));
        assertEquals(6, c.packets().size());
        assertTrue(anyText(c, EventKind.INFO, "3 fragments reassembled"));
        assertTrue(anyText(c, EventKind.INFO, "nothing delivered"));
    }

    @Test
    void slowStartThenCongestionAvoidance() {
        ConnectionTimeline c = main(run("slow-start"));
        assertTrue(anyText(c, EventKind.CONGESTION, "slow start"));
        assertTrue(anyText(c, EventKind.CONGESTION, "ssthresh"));
        assertTrue(c.packets().stream().anyMatch(p -> p.fate() == Fate.LOST), "the queue overflows");
    }

    @Test
    void scenariosAreDeterministic() {
        assertEquals(text(run("sack")), text(run("sack")));
    }
}
