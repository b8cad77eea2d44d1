package org.margay.explain.lab;

import static org.margay.explain.lab.Lab.MS;
import static org.margay.explain.lab.Lab.S;

import java.util.ArrayList;
import java.util.List;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.sim.DropRule;
import org.margay.explain.sim.LabNetwork;
import org.margay.explain.sim.TransferApp;
import org.margay.net.ipv4.frag.ReassemblyConfig;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.netsim.LinkProfile;

/**
 * The catalogue of lab scenarios, each a deterministic run on the lab network showing one mechanism, with what
 * to look for. {@code margay explain --scenario list} prints it; {@code --scenario NAME} runs one.
 */
public final class Scenarios {
    private Scenarios() {
    }

    /** Every scenario, in teaching order. */
    public static List<Scenario> all() {
        List<Scenario> list = new ArrayList<>();
        list.add(new Scenario("handshake", "The three-way handshake, a request, a reply and the close",
                "The client's SYN carries its initial sequence number and its options (MSS, SACK-permitted, timestamps,"
                        + " window scale); the server's SYN-ACK acknowledges ISN+1 and offers its own, and the third"
                        + " segment completes the handshake (RFC 9293 §3.5): both sides move to ESTABLISHED, one RTT"
                        + " after the SYN for the client. Sequence numbers are shown relative to each ISN, so the SYN"
                        + " is 0 and the first data byte is 1; a SYN's window is never scaled (RFC 7323 §2.2). Then"
                        + " one request and one reply, each acknowledged, and the close: the side that closes first"
                        + " goes FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; the other CLOSE-WAIT, LAST-ACK, CLOSED (§3.6).",
                Scenarios::handshake));
        list.add(new Scenario("slow-start", "Slow start and congestion avoidance (NewReno, a 10 Mbit/s bottleneck)",
                "Draw it with --plot. cwnd starts at 10 segments (RFC 6928) and grows by one MSS per MSS acknowledged"
                        + " (slow start, RFC 5681 §3.1): it doubles every round trip, and the sequence line bends up."
                        + " The link is 10 Mbit/s with a 16-frame queue, so the queue soon overflows and segments are"
                        + " lost; the sender halves its window (ssthresh = flight/2, §3.2), recovers the holes with"
                        + " SACK (RFC 6675), and from there grows cwnd by about one MSS per round trip (congestion"
                        + " avoidance): the sawtooth. RTT samples rise as the queue fills (bufferbloat in miniature).",
                Scenarios::slowStart));
        list.add(new Scenario("fast-retransmit", "A lost segment recovered by fast retransmit (no SACK)",
                "Data segment 5 is dropped (on the ladder its arrow ends mid-air). Each later segment arrives above"
                        + " the hole, so the server at once repeats its ACK for the missing bytes: duplicate ACKs (RFC"
                        + " 5681 §2, §4.2). At the third duplicate ACK the client resends the missing segment without"
                        + " waiting for its timer (fast retransmit, RFC 5681 §3.2), sets ssthresh to half the flight"
                        + " and enters fast recovery; NewReno stays there until everything sent before the loss is"
                        + " acknowledged (RFC 6582 §3.2). RACK and tail loss probes are off to show the classic"
                        + " mechanism alone.",
                Scenarios::fastRetransmit));
        list.add(new Scenario("sack", "Two lost segments recovered with SACK",
                "Data segments 5 and 8 are dropped. With SACK (RFC 2018) every duplicate ACK also says which bytes"
                        + " above the hole arrived: watch the SACK blocks on the server's ACKs and the client's"
                        + " scoreboard grow. After three duplicate ACKs the client enters loss recovery (RFC 6675 §5)"
                        + " and resends both holes within one round trip, the second without waiting for another"
                        + " round of duplicate ACKs, while PRR paces new data (RFC 6937). Compare with fast-retransmit,"
                        + " where NewReno learns of one hole per round trip.",
                Scenarios::sack));
        list.add(new Scenario("rto-backoff", "The retransmission timer and its exponential back-off",
                "A short request whose only segment is dropped four times. No later segment can trigger duplicate"
                        + " ACKs, so only the retransmission timer can recover (RFC 6298 §5): each time it expires the"
                        + " segment is resent and the timer doubles (§5.5): 200 ms, 400 ms, 800 ms, 1.6 s. After a"
                        + " timeout cwnd falls to one segment (RFC 5681 §3.1). RTT samples skip retransmitted data"
                        + " (Karn, RFC 6298 §3), so the estimate is not polluted. Tail loss probes are off here; with"
                        + " them (RFC 8985 §7) a probe would come after about two RTTs instead.",
                Scenarios::rtoBackoff));
        list.add(new Scenario("zero-window", "A full receive buffer: zero window and window probes",
                "The server's application does not read for a second and its receive buffer is only 4 KiB. The"
                        + " advertised window shrinks as data arrives and reaches zero (RFC 9293 §3.8.6): the client"
                        + " must stop. It does not give up: its persist timer sends zero-window probes, backing off"
                        + " (§3.8.6.1); Margay's probe, like Linux's, is an empty segment below SND.NXT, which a capture"
                        + " analyser calls a keep-alive. When the application reads, the server sends a window update"
                        + " (§3.8.6.2.2) and data flows again, a little at a time as the reader drains 1 KiB every"
                        + " 100 ms. Watch the client wait before sending a segment much smaller than the MSS into a"
                        + " small window: sender-side silly window syndrome avoidance (§3.8.6.2.1).",
                Scenarios::zeroWindow));
        list.add(new Scenario("nagle-delayed-ack", "Nagle's algorithm meets the delayed ACK",
                "The client writes each request as two small writes (header, then body) and the server answers only"
                        + " when it has both. The first write goes out at once; Nagle's algorithm (RFC 9293 §3.7.4,"
                        + " RFC 896) holds the second while the first is unacknowledged. The server has nothing to"
                        + " send until it has the whole request, so it delays its ACK (RFC 9293 §3.8.6.3, here 40 ms,"
                        + " quick-ACK off). From the second round on, each round waits for the delayed-ACK timer (the"
                        + " first ACK of a connection goes out at once): compare the round times in the summary with"
                        + " the 2 ms RTT. TCP_NODELAY (noDelay) or one write per request avoids the stall.",
                Scenarios::nagle));
        list.add(new Scenario("simultaneous-open", "Simultaneous open and simultaneous close",
                "Both hosts open a connection to each other at the same instant, port 7000 to port 7001. The SYNs"
                        + " cross: each side, in SYN-SENT, receives a SYN without ACK, moves to SYN-RECEIVED and"
                        + " answers with a SYN-ACK (RFC 9293 §3.5, Figure 8); each SYN-ACK then completes the other"
                        + " side's handshake: four segments and one connection, not two. Both then close at once: each"
                        + " FIN arrives in FIN-WAIT-1, so both go through CLOSING to TIME-WAIT (§3.6, Figure 13).",
                Scenarios::simultaneousOpen));
        list.add(new Scenario("time-wait", "TIME-WAIT: why the side that closes first waits",
                "The client closes first and so ends in TIME-WAIT (RFC 9293 §3.6). Its last ACK is dropped: the"
                        + " server, in LAST-ACK, hears nothing; its probe timer (tail loss probe, RFC 8985 §7) fires"
                        + " and it resends its FIN; the client, still in TIME-WAIT, can"
                        + " acknowledge it again and restarts its 2×MSL timer (§3.10.7.4). Had it gone straight to"
                        + " CLOSED, the resent FIN would have met a reset. MSL is 1 s here, so TIME-WAIT lasts 2 s and"
                        + " the run waits for it to end (§3.10.8).",
                Scenarios::timeWait));
        list.add(new Scenario("syn-flood", "A SYN flood answered with SYN cookies",
                "An attacker sends 24 SYNs from spoofed addresses and never answers. The listener's SYN backlog holds"
                        + " only 8 half-open connections (SYN-RECEIVED); beyond that the server does not drop SYNs but"
                        + " answers with SYN cookies (RFC 4987 §3.6): the ISN of its SYN-ACK encodes the connection's"
                        + " parameters under a keyed hash, so it keeps no state until a valid ACK returns. The real"
                        + " client connects during the flood; its ACK carries the cookie back, the server rebuilds the"
                        + " connection from it, and the request is answered. Only the real client's connection and one"
                        + " spoofed handshake are shown; the summary counts the rest.",
                Scenarios::synFlood));
        list.add(new Scenario("ip-fragmentation", "IP fragmentation and reassembly",
                "The client sends two 4000-byte UDP datagrams over a 1500-byte MTU, so IPv4 cuts each into three"
                        + " fragments (RFC 791 §2.3): same identification, offsets in 8-byte units (0, 1480, 2960"
                        + " bytes), More Fragments set on all but the last, and only the first carries the UDP header."
                        + " The server reassembles the first datagram and delivers it whole (RFC 791 §3.2, RFC 815)."
                        + " The second datagram's middle fragment is dropped: nothing is delivered, and after the"
                        + " reassembly timeout (5 s here) the server discards what it holds (RFC 1122 §3.3.2). RFC 792"
                        + " allows a Time Exceeded (code 1) to report it when the first fragment arrived; Margay's"
                        + " stack counts the timeout (see the summary) and sends none.",
                Scenarios::fragmentation));
        return list;
    }

    /** The scenario called {@code name}, or null. */
    public static Scenario named(String name) {
        for (Scenario s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static LabNetwork twoHosts(TcpConfig client, TcpConfig server, LinkProfile link, DropRule clientDrops,
                                       DropRule serverDrops) {
        LabNetwork network = new LabNetwork();
        network.addHost(1, "client", client, 1500, link, clientDrops, 1);
        network.addHost(2, "server", server, 1500, link, serverDrops, 1);
        return network;
    }

    private static Explanation handshake() {
        TcpConfig tcp = TcpConfig.builder().build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(5, 100, 0), DropRule.NONE, DropRule.NONE)) {
            return Lab.run("handshake", "the three-way handshake", n, new TransferApp(TransferApp.Plan.simple(1, 120,
                    360)), 60 * S, 0);
        }
    }

    private static Explanation slowStart() {
        TcpConfig tcp = TcpConfig.builder().congestionControl("newreno").build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(20, 10, 16), DropRule.NONE, DropRule.NONE)) {
            return Lab.run("slow-start", "slow start and congestion avoidance", n,
                    new TransferApp(TransferApp.Plan.simple(1, 1_500_000, 0)), 120 * S, 0);
        }
    }

    private static Explanation fastRetransmit() {
        TcpConfig tcp = Lab.classic().sack(false).congestionControl("newreno").build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(2, 100, 0), DropRule.dataSegment(5, 1), DropRule.NONE)) {
            return Lab.run("fast-retransmit", "fast retransmit", n,
                    new TransferApp(TransferApp.Plan.simple(1, 14 * 1448, 0)), 60 * S, 0);
        }
    }

    private static Explanation sack() {
        TcpConfig tcp = Lab.classic().sack(true).congestionControl("newreno").build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(2, 100, 0), DropRule.dataSegmentsOnce(5, 8),
                DropRule.NONE)) {
            return Lab.run("sack", "SACK loss recovery", n, new TransferApp(TransferApp.Plan.simple(1, 16 * 1448, 0)),
                    60 * S, 0);
        }
    }

    private static Explanation rtoBackoff() {
        TcpConfig tcp = Lab.classic().build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(2, 100, 0), DropRule.dataSegment(1, 4), DropRule.NONE)) {
            return Lab.run("rto-backoff", "RTO back-off", n, new TransferApp(TransferApp.Plan.simple(1, 300, 100)),
                    60 * S, 0);
        }
    }

    private static Explanation zeroWindow() {
        TcpConfig client = TcpConfig.builder().build();
        TcpConfig server = TcpConfig.builder().receiveBufferSize(4096).build();
        try (LabNetwork n = twoHosts(client, server, Lab.link(2, 100, 0), DropRule.NONE, DropRule.NONE)) {
            TransferApp.Plan plan = new TransferApp.Plan(1, 12 * 1024, 0, 5000, 1 * S, 1024, 100 * MS, false);
            return Lab.run("zero-window", "zero window and probes", n, new TransferApp(plan), 120 * S, 0);
        }
    }

    private static Explanation nagle() {
        TcpConfig client = TcpConfig.builder().noDelay(false).build();
        TcpConfig server = TcpConfig.builder().quickAckSegments(0).build();
        try (LabNetwork n = twoHosts(client, server, Lab.link(1, 100, 0), DropRule.NONE, DropRule.NONE)) {
            return Lab.run("nagle-delayed-ack", "Nagle and delayed ACK", n, new ChatApp(3, 2, 60, 200), 60 * S, 0);
        }
    }

    private static Explanation simultaneousOpen() {
        TcpConfig tcp = TcpConfig.builder().build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(2, 100, 0), DropRule.NONE, DropRule.NONE)) {
            return Lab.run("simultaneous-open", "simultaneous open and close", n, new SimultaneousOpenApp(), 60 * S, 0);
        }
    }

    private static Explanation timeWait() {
        TcpConfig tcp = TcpConfig.builder().mslNanos(1 * S).build();
        try (LabNetwork n = twoHosts(tcp, tcp, Lab.link(2, 100, 0), DropRule.lastAckOnce(), DropRule.NONE)) {
            TransferApp.Plan plan = new TransferApp.Plan(1, 200, 200, 5000, 0, 0, 0, true);
            return Lab.run("time-wait", "TIME-WAIT", n, new TransferApp(plan), 60 * S, 0);
        }
    }

    private static Explanation synFlood() {
        TcpConfig server = TcpConfig.builder().synBacklog(8).synCookies(true).build();
        TcpConfig client = TcpConfig.builder().build();
        LinkProfile link = Lab.link(2, 100, 0);
        try (LabNetwork n = new LabNetwork()) {
            for (int i = 1; i <= 24; i++) {
                n.neighbour(SynFloodApp.SPOOFED_BASE + i, 3);
            }
            n.addHost(1, "client", client, 1500, link, DropRule.NONE, 1);
            n.addHost(2, "server", server, 1500, link, DropRule.NONE, 1);
            n.addRawHost(3, "attacker", 1500, link);
            Explanation x = Lab.run("syn-flood", "SYN flood and SYN cookies", n, new SynFloodApp(24, 5 * MS), 60 * S,
                    0);
            List<Integer> keep = new ArrayList<>();
            ConnectionTimeline firstSpoofed = null;
            for (ConnectionTimeline c : x.connections()) {
                if (c.end(0).ip() == LabNetwork.address(1)) {
                    keep.add(c.id());
                } else if (firstSpoofed == null && c.isTcp()) {
                    firstSpoofed = c;
                }
            }
            if (firstSpoofed != null) {
                keep.add(0, firstSpoofed.id());
            }
            x.summary().add((x.connections().size() - keep.size()) + " more spoofed handshakes not shown");
            return Lab.keep(x, keep);
        }
    }

    private static Explanation fragmentation() {
        TcpConfig tcp = TcpConfig.builder().build();
        final int[] seen = new int[1];
        DropRule middleOfSecond = (PacketRecord p, int dataIndex, int copy) -> {
            if (p.ip().isFragment() && p.ip().fragmentOffset() == 1480) {
                seen[0]++;
                return seen[0] == 2;
            }
            return false;
        };
        LinkProfile link = Lab.link(2, 100, 0);
        try (LabNetwork n = new LabNetwork()) {
            ReassemblyConfig reassembly = new ReassemblyConfig(16, 5 * S, 128 * 1024, 512 * 1024, 64);
            n.addHost(1, "client", tcp, 1500, link, middleOfSecond, 1);
            n.addHost(2, "server", tcp, 1500, link, DropRule.NONE, 1, b -> b.reassembly(reassembly));
            return Lab.run("ip-fragmentation", "IP fragmentation", n, new FragmentationApp(2, 4000, 50 * MS), 60 * S,
                    6 * S);
        }
    }
}
