package org.margay.explain.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.margay.explain.capture.CaptureExplainer;
import org.margay.explain.capture.Conversations;
import org.margay.explain.model.ConnectionTimeline;
import org.margay.explain.model.Explanation;
import org.margay.explain.model.Metric;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.RetransmitCause;
import org.margay.explain.model.TcpHeader;
import org.margay.explain.passive.PassiveAnalyser;
import org.margay.explain.passive.RttSampler;
import org.margay.explain.passive.SequenceSpace;
import org.margay.explain.sim.RunExplainer;

/**
 * Explains a live capture: the pcapng a running Margay stack recorded on its own device, with the event log it wrote
 * beside it ({@link EventLog}). The packets come from the capture; the state transitions, retransmission causes,
 * cwnd / ssthresh / SRTT / RTO / in-flight come from the log, exactly as the stack decided them (nothing is
 * guessed for a side that logged). The passive analyser still adds what the wire shows (duplicate ACKs, windows,
 * SACK blocks) with state inference and retransmission guessing off. A side that did not log (the peer of a
 * {@code serve}) is shown as the wire shows it.
 *
 * <p>Ordering: each packet's order is its frame number × {@value #SCALE}, each event's is the number of frames
 * recorded before it × {@value #SCALE} plus its rank, so events and packets at the same instant keep the order in
 * which the stack saw them. A damaged capture or log is explained up to the damage and reported.
 */
public final class LiveCaptureExplainer {
    /** Room for events between two frames in the ordering. */
    static final long SCALE = 1 << 20;

    private LiveCaptureExplainer() {
    }

    /** Explains {@code capture} with its event log {@code events}. */
    public static Explanation explain(Path capture, Path events) throws IOException {
        CaptureExplainer.Loaded loaded = CaptureExplainer.load(capture);
        EventLog log = EventLog.read(events);
        Explanation x = explain(loaded.packets(), log, capture.getFileName().toString());
        x.summary().add(0, "frames: " + loaded.frames() + ", IPv4 packets: " + loaded.packets().size()
                + "; events: " + log.events().size() + " from the stacks' own event log " + events.getFileName()
                + " (exact, not inferred), samples: " + log.samples().size());
        if (!loaded.problem().isEmpty()) {
            x.summary().add("the capture is damaged " + loaded.problem() + "; explained up to there");
        }
        if (!log.capture().isEmpty() && !log.capture().equals(capture.getFileName().toString())) {
            x.summary().add("note: the event log was written for a capture called " + log.capture()
                    + "; events that match no packet here are placed by time only");
        }
        if (log.badLines() > 0) {
            x.summary().add("the event log has " + log.badLines() + " unreadable line" + (log.badLines() == 1 ? "" : "s")
                    + " (first: " + log.firstProblem() + "), skipped");
        }
        return x;
    }

    /** Explains captured packets (in capture order, numbered by frame) with the stacks' event log. */
    public static Explanation explain(List<PacketRecord> packets, EventLog log, String name) {
        for (PacketRecord p : packets) {
            p.order(p.number() * SCALE);
        }
        Conversations conversations = new Conversations(true); // sides named by role: client / server
        for (PacketRecord p : packets) {
            conversations.add(p);
        }
        Explanation x = new Explanation("live capture with the stacks' event log", name);
        for (ConnectionTimeline c : conversations.all()) {
            if (c.isTcp()) {
                explainTcp(c, log);
                x.summary().add("connection " + c.id() + ": " + RunExplainer.counts(c));
            }
            x.connections().add(c);
        }
        return x;
    }

    private static void explainTcp(ConnectionTimeline c, EventLog log) {
        long rank = 0;
        long lastFrame = -1;
        for (EventLog.Event e : log.events()) {
            int side = sideOf(c, e.local(), e.remote());
            if (side < 0) {
                continue;
            }
            rank = e.afterFrame() == lastFrame ? rank + 1 : 1;
            lastFrame = e.afterFrame();
            c.addEvent(e.time(), e.afterFrame() * SCALE + Math.min(rank, SCALE - 1), side, e.kind(), e.text(),
                    e.packet());
        }
        for (EventLog.Sample s : log.samples()) {
            int side = sideOf(c, s.local(), s.remote());
            if (side >= 0) {
                c.series(s.metric(), side).add(s.time(), s.value());
                }
        }
        boolean[] exact = new boolean[2];
        for (int s = 0; s < 2; s++) {
            exact[s] = log.hostName(c.end(s).ip()) != null;
        }
        for (PacketRecord p : c.packets()) {
            if (exact[p.side()]) {
                p.exactSender(true);
                RetransmitCause cause = log.cause(p.number());
                if (cause != null) {
                    p.cause(cause);
                }
            }
        }
        PassiveAnalyser.analyse(c, c.packets(), PacketRecord::capturedNanos,
                new PassiveAnalyser.Options(false, false, false));
        int near = exact[0] ? 0 : exact[1] ? 1 : -1;
        if (near >= 0) {
            if (!exact[1 - near]) {
                // Only one end logged: the far end's times are estimated from the handshake, as for any capture.
                c.vantage("captured near " + c.end(near) + " (" + c.name(near) + "): on its own device");
            }
            CaptureExplainer.estimateTimes(c);
            long origin = c.originNanos();
            for (var e : c.events()) {
                origin = Math.min(origin, e.timeNanos()); // a transition can precede the first packet (ARP first)
            }
            c.originNanos(origin);
            rttSamplesAt(c, near);
            if (exact[1 - near]) {
                rttSamplesAt(c, 1 - near);
            }
        }
        String who = exact[0] && exact[1] ? "both sides (" + log.hostName(c.end(0).ip()) + ", "
                + log.hostName(c.end(1).ip()) + ")" : near >= 0 ? c.name(near) + " (" + log.hostName(c.end(near).ip())
                + "; the peer is seen on the wire only)" : "neither side";
        c.live("events from the stack's event log: exact for " + who);
    }

    /** The side whose endpoint is {@code local} while the other is {@code remote}, or -1. */
    private static int sideOf(ConnectionTimeline c, org.margay.explain.model.Endpoint local,
                              org.margay.explain.model.Endpoint remote) {
        int side = c.sideOf(local.ip(), local.port());
        return side >= 0 && c.end(1 - side).equals(remote) ? side : -1;
    }

    /**
     * RTT samples as side {@code s}'s stack measured them, from its own device's timestamps: from sending new
     * sequence space to the first ACK covering it, never for space sent twice (Karn, RFC 6298 §3). Exact at the
     * capturing stack; for the other side of a two-stack capture the arrival times are its own too (in-process link).
     */
    private static void rttSamplesAt(ConnectionTimeline c, int s) {
        List<PacketRecord> moments = new ArrayList<>();
        for (PacketRecord p : c.packets()) {
            if (p.isTcp() && (p.side() == s || p.tcp().has(TcpHeader.ACK))) {
                moments.add(p);
            }
        }
        moments.sort(Comparator.comparingLong(PacketRecord::capturedNanos).thenComparingLong(PacketRecord::order));
        SequenceSpace space = new SequenceSpace();
        RttSampler sampler = new RttSampler();
        long highest = Long.MIN_VALUE;
        for (PacketRecord p : moments) {
            TcpHeader t = p.tcp();
            if (p.side() == s) {
                long seq = space.unwrap(t.sequence());
                long end = seq + t.sequenceLength();
                sampler.sent(seq, end, p.capturedNanos(), seq >= highest);
                highest = Math.max(highest, end);
            } else if (space.started()) {
                long sample = sampler.acknowledged(space.unwrap(t.acknowledgment()), p.capturedNanos());
                if (sample >= 0) {
                    c.series(Metric.RTT_SAMPLE, s).add(p.capturedNanos(), sample);
                }
            }
        }
    }
}
