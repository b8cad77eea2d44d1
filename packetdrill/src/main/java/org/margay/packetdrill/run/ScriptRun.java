package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.packetdrill.Profile;
import org.margay.packetdrill.ScriptResult;
import org.margay.packetdrill.Verdict;
import org.margay.packetdrill.script.Event;
import org.margay.packetdrill.script.EventBody;
import org.margay.packetdrill.script.EventTime;
import org.margay.packetdrill.script.PacketSpec;
import org.margay.packetdrill.script.Script;
import org.margay.packetdrill.script.TcpOption;
import org.margay.stack.InetStack;

/**
 * One execution of a parsed script against a fresh stack: the event loop. Events run in script order at their
 * virtual times: inbound packets are injected, outbound packets are awaited and checked field by field with the
 * timing tolerance, system calls go to the {@link SocketLayer} (a blocking call with an {@code a...b} span runs in
 * the background and must return at {@code b}), commands set knobs before the stack is built, and code blocks
 * assert TCP_INFO fields.
 *
 * <p>Before anything runs, every event is checked for support (knobs, socket options, system calls, TCP options,
 * TCP_INFO fields), so an unsupported script is reported as such rather than failing part way.
 */
public final class ScriptRun implements SocketLayer.Host {
    private static final long ANY_TIME_HORIZON_NANOS = 600_000_000_000L; // `*` waits at most 10 virtual minutes

    private final String name;
    private final Script script;
    private final Profile profile;
    private final List<String> notes = new ArrayList<>();
    private final SequenceSpace space = new SequenceSpace();
    private final InboundBuilder builder = new InboundBuilder();
    private final SocketLayer sockets;
    private final StackHarness harness;
    private final long toleranceNanos;
    private final long toleranceMicros;
    private final long tsTickMicros;
    private final boolean ecrScaled;
    private final boolean strictSegments;
    private final boolean trace;
    private TcpConfig knobConfig;

    // The connection the script plays the peer of.
    private enum Tuple { NONE, LISTENING, CONNECTING, ACTIVE }

    private Tuple tuple = Tuple.NONE;
    private int localPort = Endpoints.SERVER_PORT;
    private int peerPort = Endpoints.SERVER_PORT;
    private int nextPeerPort = Endpoints.FIRST_PEER_PORT;
    private Sock underTest;

    // Timing.
    private Event lastEvent;
    private long lastScheduled;
    private Pending pending;

    private static final class Pending {
        final Event event;
        final SocketLayer.Attempt attempt;
        final long expectedEnd;
        Outcome.Done result;
        long doneAt;
        Exception error;

        Pending(Event event, SocketLayer.Attempt attempt, long expectedEnd) {
            this.event = event;
            this.attempt = attempt;
            this.expectedEnd = expectedEnd;
        }
    }

    private ScriptRun(String name, Script script, Profile profile, boolean trace)
            throws UnsupportedFeature, ScriptFailure {
        this.name = name;
        this.script = script;
        this.profile = profile;
        Map<String, String> o = script.options();
        this.toleranceMicros = longOption(o, "tolerance_usecs", profile.defaultToleranceMicros());
        this.toleranceNanos = toleranceMicros * 1000;
        this.tsTickMicros = longOption(o, "tcp_ts_tick_usecs", 0);
        this.ecrScaled = o.containsKey("tcp_ts_ecr_scaled");
        this.strictSegments = o.containsKey("strict_segments");
        int mtu = (int) longOption(o, "mtu", 1500);
        if (mtu < 576 || mtu > 65_535 - 14) {
            throw new ScriptFailure("--mtu=" + mtu + " is out of range");
        }
        for (String option : o.keySet()) {
            switch (option) {
                case "tolerance_usecs", "tcp_ts_tick_usecs", "tcp_ts_ecr_scaled", "strict_segments", "mtu",
                     "local_ip", "remote_ip", "gateway_ip", "netmask_ip", "tolerance_percent", "mss",
                     "bind_port", "connect_port", "speed", "verbose" -> {
                }
                case "ip_version" -> {
                    if (!o.get(option).equals("ipv4")) {
                        throw new UnsupportedFeature("--ip_version=" + o.get(option) + ": Margay's stack is IPv4 only");
                    }
                }
                default -> throw new UnsupportedFeature("script option --" + option + " is not modelled");
            }
        }
        this.knobConfig = profile.baseTcp().mtu(mtu).build();
        this.harness = new StackHarness(mtu);
        this.sockets = new SocketLayer(profile, this);
        harness.afterPoll(this::retryPending);
        if (trace) {
            harness.device().tracer(f -> notes.add("trace " + seconds(f.timeNanos()) + " > " + (f.isTcp()
                    ? f.sourcePort() + ">" + f.destinationPort() + " " + SegmentChecker.text(SegmentChecker.of(f), space)
                    : "protocol " + f.protocol() + (f.malformed() == null ? "" : " (" + f.malformed() + ")"))));
        }
        this.trace = trace;
    }

    private static long longOption(Map<String, String> o, String key, long fallback) throws ScriptFailure {
        String v = o.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ScriptFailure("--" + key + "=" + v + " is not a number");
        }
    }

    /**
     * Runs {@code script} under {@code profile} and returns its result; never throws for anything a script or the
     * stack does (a stack exception is a failure naming it).
     */
    public static ScriptResult run(String name, Script script, Profile profile, boolean trace) {
        ScriptRun run = null;
        try {
            run = new ScriptRun(name, script, profile, trace);
            SupportCheck.check(script, profile, run.knobConfig, run.sockets);
            run.execute();
            return new ScriptResult(name, profile, Verdict.PASSED, "", run.notes);
        } catch (UnsupportedFeature e) {
            return new ScriptResult(name, profile, Verdict.UNSUPPORTED, e.getMessage(), notes(run));
        } catch (ScriptFailure e) {
            return new ScriptResult(name, profile, Verdict.FAILED, e.getMessage(), notes(run));
        } catch (RuntimeException | StackOverflowError e) {
            String where = e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "";
            return new ScriptResult(name, profile, Verdict.FAILED, "the stack or runner threw " + e + where,
                    notes(run));
        } finally {
            if (run != null) {
                run.harness.close();
            }
        }
    }

    private static List<String> notes(ScriptRun run) {
        return run == null ? List.of() : run.notes;
    }

    // =========================================================================================================
    // Event loop
    // =========================================================================================================

    private void execute() throws ScriptFailure, UnsupportedFeature {
        List<Event> events = script.events();
        if (events.isEmpty()) {
            return;
        }
        Event first = events.get(0);
        if (first.time().type() != EventTime.Type.ANY && first.time().startMicros() != 0) {
            throw new ScriptFailure("line " + first.line() + ": the first event must be at time 0");
        }
        lastScheduled = StackHarness.START_NANOS;
        for (Event e : events) {
            long t = schedule(e);
            switch (e.body()) {
                case EventBody.Packet p when p.direction() == EventBody.Direction.INBOUND -> {
                    harness.advanceTo(t);
                    settlePending();
                    inject(e, p.spec());
                }
                case EventBody.Packet p -> expectOutbound(e, (PacketSpec.Tcp) p.spec(), t);
                case EventBody.Syscall s -> syscall(e, s, t);
                case EventBody.Command c -> {
                    harness.advanceTo(t);
                    settlePending();
                    command(e, c);
                }
                case EventBody.Code c -> {
                    harness.advanceTo(t);
                    settlePending();
                    code(e, c);
                }
            }
            settlePending();
            lastEvent = e;
            lastScheduled = t;
        }
        if (pending != null) {
            waitPending();
        }
    }

    /** The virtual time an event is due, following packetdrill's rules for relative times. */
    private long schedule(Event e) throws ScriptFailure {
        EventTime time = e.time();
        long now = harness.now();
        long t = switch (time.type()) {
            case ANY -> now;
            case ABSOLUTE -> StackHarness.START_NANOS + time.startMicros() * 1000;
            case RELATIVE -> {
                // Consecutive inbound packets anchor to each other's script times (no drift from processing);
                // everything else is relative to when the previous event finished.
                boolean anchored = isInbound(e) && lastEvent != null && isInbound(lastEvent);
                yield (anchored ? lastScheduled : now) + time.startMicros() * 1000;
            }
        };
        if (time.type() == EventTime.Type.ABSOLUTE && t < now && !(e.body() instanceof EventBody.Packet p
                && p.direction() == EventBody.Direction.OUTBOUND)) {
            if (now - t > toleranceNanos) {
                throw new ScriptFailure("line " + e.line() + ": the event is due at " + seconds(t)
                        + " s but the previous event ended at " + seconds(now) + " s");
            }
            t = now;
        }
        return t;
    }

    /** The end of a range or blocking span, on the same base as the start. */
    private static long endOf(Event e, long start) {
        EventTime time = e.time();
        return start + (time.endMicros() - time.startMicros()) * 1000;
    }

    private static boolean isInbound(Event e) {
        return e.body() instanceof EventBody.Packet p && p.direction() == EventBody.Direction.INBOUND;
    }

    static String seconds(long virtualNanos) {
        return EventTime.seconds((virtualNanos - StackHarness.START_NANOS) / 1000);
    }

    // =========================================================================================================
    // Inbound packets
    // =========================================================================================================

    private void inject(Event e, PacketSpec spec) throws ScriptFailure, UnsupportedFeature {
        if (harness.stackOrNull() == null) {
            harness.stack(knobConfig); // a packet before any socket: the stack exists, with nothing open
        }
        byte[] frame = switch (spec) {
            case PacketSpec.Tcp t -> tcpFrame(e, t);
            case PacketSpec.Icmp i -> icmpFrame(i);
            case PacketSpec.Udp u -> throw new ScriptFailure("UDP is not modelled");
        };
        if (trace) {
            notes.add("trace " + seconds(harness.now()) + " < line " + e.line() + " " + switch (spec) {
                case PacketSpec.Tcp t -> SegmentChecker.text(t);
                default -> spec.toString();
            });
        }
        harness.device().inject(frame);
        harness.poll();
    }

    private byte[] tcpFrame(Event e, PacketSpec.Tcp t) throws ScriptFailure {
        int flags = InboundBuilder.flagBits(t.flags());
        boolean syn = (flags & OutboundFrame.SYN) != 0;
        boolean ack = (flags & OutboundFrame.ACK) != 0;
        if (syn && !ack && (tuple == Tuple.NONE || tuple == Tuple.LISTENING)) {
            // A SYN to a listener opens a new connection from a fresh peer port (packetdrill's child socket).
            peerPort = nextPeerPort++;
            localPort = Endpoints.SERVER_PORT;
            tuple = Tuple.ACTIVE;
        }
        long ackLive = ack ? space.localToLive(t.ack() == null ? 0 : t.ack()) : t.ack() == null ? 0 : t.ack();
        List<TcpOption> options = t.options() == null ? List.of() : new ArrayList<>(t.options());
        if (ack) {
            for (int i = 0; i < options.size(); i++) {
                if (options.get(i) instanceof TcpOption.Timestamp ts) {
                    options.set(i, new TcpOption.Timestamp(ts.value(), liveEcr(e, ts.echoReply())));
                }
            }
        }
        byte[] encoded;
        try {
            encoded = InboundBuilder.encodeOptions(options, space.localOffset());
        } catch (ScriptFailure f) {
            throw new ScriptFailure("line " + e.line() + ": " + f.getMessage());
        }
        if (!InboundBuilder.fits(t, encoded.length)) {
            throw new ScriptFailure("line " + e.line() + ": the segment does not fit in an IPv4 datagram");
        }
        return builder.tcp(peerPort, localPort, t.seq(), ackLive, flags, t.window(), encoded, t.length());
    }

    /** packetdrill's TS ecr rewriting: the script's value names a TS val the stack sent. */
    private long liveEcr(Event e, long scriptEcr) throws ScriptFailure {
        Long live = space.echoToLive(scriptEcr);
        if (live != null) {
            return live;
        }
        if (ecrScaled) {
            Long scaled = space.echoScaled(scriptEcr);
            if (scaled != null) {
                return scaled;
            }
        }
        if (scriptEcr == 0) {
            return 0;
        }
        throw new ScriptFailure("line " + e.line() + ": cannot map the inbound TS ecr " + scriptEcr
                + ": no outbound packet carried TS val " + scriptEcr);
    }

    private byte[] icmpFrame(PacketSpec.Icmp i) throws ScriptFailure {
        int[] tc;
        try {
            tc = SupportCheck.icmpTypeCode(i);
        } catch (UnsupportedFeature u) {
            throw new ScriptFailure(u.getMessage());
        }
        long quoted = i.quotedSeq() == null ? 0 : space.localToLive(i.quotedSeq());
        int rest = i.mtu() == null ? 0 : i.mtu();
        return builder.icmpQuotingTcp(tc[0], tc[1], rest, localPort, peerPort, quoted);
    }

    // =========================================================================================================
    // Outbound packets
    // =========================================================================================================

    private void expectOutbound(Event e, PacketSpec.Tcp spec, long start) throws ScriptFailure {
        EventTime time = e.time();
        boolean any = time.type() == EventTime.Type.ANY;
        long end = time.end() == EventTime.End.RANGE ? endOf(e, start) : start;
        long deadline = any ? harness.now() + ANY_TIME_HORIZON_NANOS : end + toleranceNanos;
        String expectedText = "> " + SegmentChecker.text(spec);
        OutboundFrame first = nextFrame(deadline);
        if (first == null) {
            throw new ScriptFailure("line " + e.line() + ": expected " + expectedText + " at " + describeTime(e, start)
                    + " but the stack sent nothing by " + seconds(deadline) + " s");
        }
        boolean expectSyn = spec.has('S');
        if (expectSyn && first.has(OutboundFrame.SYN)) {
            space.learnLocalIsn(spec.seq(), first.seq());
            if (tuple == Tuple.CONNECTING) {
                localPort = first.sourcePort();
                peerPort = first.destinationPort();
                tuple = Tuple.ACTIVE;
            }
        }
        SegmentChecker.Observed seen = SegmentChecker.of(first);
        while (!strictSegments && seen.payloadLength() < spec.length() && seen.integrity() == null) {
            OutboundFrame more = nextFrame(deadline);
            if (more == null) {
                break;
            }
            String[] why = new String[1];
            SegmentChecker.Observed joined = SegmentChecker.aggregate(seen, more, why);
            if (joined == null) {
                throw new ScriptFailure("line " + e.line() + ": expected " + expectedText + " but the stack sent "
                        + SegmentChecker.text(seen, space) + " at " + seconds(seen.timeNanos())
                        + " s and the next segment cannot continue it: " + why[0]);
            }
            seen = joined;
        }
        learnTimestamp(spec, seen);
        String problem = SegmentChecker.compare(spec, seen, space, tsTickMicros, toleranceMicros);
        if (problem == null && !any) {
            long at = seen.timeNanos();
            if (at < start - toleranceNanos || at > end + toleranceNanos) {
                problem = "timing: expected at " + describeTime(e, start) + " (tolerance " + toleranceMicros
                        + " us) but sent at " + seconds(at) + " s";
            }
        }
        String psh = problem == null ? SegmentChecker.pshNote(spec, seen) : null;
        if (psh != null) {
            notes.add("line " + e.line() + ": " + psh);
        }
        if (problem != null) {
            throw new ScriptFailure("line " + e.line() + ": expected " + expectedText + " at " + describeTime(e, start)
                    + "; the stack sent " + SegmentChecker.text(seen, space) + " at " + seconds(seen.timeNanos())
                    + " s: " + problem);
        }
    }

    private String describeTime(Event e, long start) {
        EventTime time = e.time();
        return switch (time.end()) {
            case RANGE -> seconds(start) + "~" + seconds(endOf(e, start)) + " s";
            default -> time.type() == EventTime.Type.ANY ? "any time" : seconds(start) + " s";
        };
    }

    private void learnTimestamp(PacketSpec.Tcp spec, SegmentChecker.Observed seen) {
        if (spec.options() == null) {
            return;
        }
        TcpOption.Timestamp want = null;
        for (TcpOption o : spec.options()) {
            if (o instanceof TcpOption.Timestamp t) {
                want = t;
            }
        }
        if (want == null) {
            return;
        }
        for (OutboundFrame.WireOption o : seen.options()) {
            if (o.kind() == OutboundFrame.WireOption.TIMESTAMP && o.data().length == 8) {
                space.learnTimestamp(want.value(), o.u32(0));
            }
        }
    }

    /** The next TCP frame of the connection under test sent by {@code deadline}, or null; others are noted. */
    private OutboundFrame nextFrame(long deadline) {
        while (true) {
            OutboundFrame f;
            while ((f = harness.device().takeOutbound()) != null) {
                if (relevant(f)) {
                    return f;
                }
                notes.add("ignored an outbound frame at " + seconds(f.timeNanos()) + " s not for the connection under"
                        + " test: " + (f.isTcp() ? "TCP " + f.sourcePort() + " > " + f.destinationPort() + " "
                        + OutboundFrame.flagLetters(f.flags()) : "protocol " + f.protocol()));
            }
            if (harness.now() >= deadline) {
                return null;
            }
            if (!harness.step(deadline)) {
                harness.advanceTo(deadline);
            }
        }
    }

    private boolean relevant(OutboundFrame f) {
        if (!f.isTcp()) {
            return f.malformed() != null && f.protocol() == Wire.PROTO_TCP; // malformed TCP must fail the check
        }
        return switch (tuple) {
            case CONNECTING -> f.destinationPort() == Endpoints.SERVER_PORT;
            case ACTIVE -> f.sourcePort() == localPort && f.destinationPort() == peerPort;
            default -> true;
        };
    }

    // =========================================================================================================
    // System calls
    // =========================================================================================================

    private void syscall(Event e, EventBody.Syscall call, long start) throws ScriptFailure, UnsupportedFeature {
        if (pending != null) {
            waitPending();
        }
        harness.advanceTo(start);
        settlePending();
        SocketLayer.Attempt attempt = sockets.compile(call);
        Outcome o = attemptAt(e, attempt);
        boolean blocking = e.time().end() == EventTime.End.BLOCKING;
        long expectedEnd = blocking ? endOf(e, start) : start;
        if (o instanceof Outcome.Done d) {
            finish(e, call, d, harness.now(), expectedEnd);
            return;
        }
        if (blocking) {
            pending = new Pending(e, attempt, expectedEnd);
            return;
        }
        // A call written without a span must return at once (within the tolerance).
        Pending p = new Pending(e, attempt, start);
        pending = p;
        waitPending();
    }

    private Outcome attemptAt(Event e, SocketLayer.Attempt attempt) throws ScriptFailure, UnsupportedFeature {
        try {
            return attempt.attempt();
        } catch (ScriptFailure f) {
            throw new ScriptFailure("line " + e.line() + ": " + f.getMessage());
        } catch (UnsupportedFeature u) {
            throw new UnsupportedFeature(u.getMessage() + " (line " + e.line() + ")");
        }
    }

    /** After every poll: a blocked call tries again, and remembers when it returned. */
    private void retryPending() {
        Pending p = pending;
        if (p == null || p.result != null || p.error != null) {
            return;
        }
        try {
            Outcome o = p.attempt.attempt();
            if (o instanceof Outcome.Done d) {
                p.result = d;
                p.doneAt = harness.now();
            }
        } catch (ScriptFailure | UnsupportedFeature ex) {
            p.error = ex;
            p.doneAt = harness.now();
        }
    }

    /** Checks a blocked call that has returned, if any. */
    private void settlePending() throws ScriptFailure, UnsupportedFeature {
        Pending p = pending;
        if (p == null || (p.result == null && p.error == null)) {
            return;
        }
        pending = null;
        if (p.error instanceof ScriptFailure f) {
            throw new ScriptFailure("line " + p.event.line() + ": " + f.getMessage());
        }
        if (p.error instanceof UnsupportedFeature u) {
            throw new UnsupportedFeature(u.getMessage() + " (line " + p.event.line() + ")");
        }
        finish(p.event, (EventBody.Syscall) p.event.body(), p.result, p.doneAt, p.expectedEnd);
    }

    /** Runs the stack until the blocked call returns, at most until its expected end plus the tolerance. */
    private void waitPending() throws ScriptFailure, UnsupportedFeature {
        Pending p = pending;
        long limit = p.expectedEnd + toleranceNanos;
        retryPending();
        while (p.result == null && p.error == null) {
            if (harness.now() >= limit) {
                EventBody.Syscall call = (EventBody.Syscall) p.event.body();
                pending = null;
                throw new ScriptFailure("line " + p.event.line() + ": " + call.name() + "() was expected to return at "
                        + seconds(p.expectedEnd) + " s but was still blocked at " + seconds(harness.now()) + " s");
            }
            if (!harness.step(limit)) {
                harness.advanceTo(limit);
            }
        }
        settlePending();
    }

    private void finish(Event e, EventBody.Syscall call, Outcome.Done d, long at, long expectedEnd)
            throws ScriptFailure {
        String mismatch = resultMismatch(call, d);
        if (mismatch != null) {
            throw new ScriptFailure("line " + e.line() + ": " + call.name() + "(...) " + mismatch);
        }
        if (at < expectedEnd - toleranceNanos || at > expectedEnd + toleranceNanos) {
            throw new ScriptFailure("line " + e.line() + ": " + call.name() + "() returned at " + seconds(at)
                    + " s, expected at " + seconds(expectedEnd) + " s (tolerance " + toleranceMicros + " us)");
        }
        if (call.name().equals("listen") && d.value() == 0) {
            tuple = Tuple.LISTENING;
        }
        if (call.name().equals("connect") && underTest != null && tuple != Tuple.ACTIVE) {
            tuple = Tuple.CONNECTING;
        }
    }

    private static String resultMismatch(EventBody.Syscall call, Outcome.Done d) {
        String expected = call.result().describe() + (call.errno() == null ? "" : " " + call.errno());
        if (call.errno() != null) {
            if (d.errno() == null || !d.errno().equals(call.errno())) {
                return "expected = " + expected + " but got = " + d.describe();
            }
            return null;
        }
        switch (call.result()) {
            case org.margay.packetdrill.script.Expr.Ellipsis el -> {
                return null;
            }
            case org.margay.packetdrill.script.Expr.Num n -> {
                if (n.value() != d.value()) {
                    return "expected = " + expected + " but got = " + d.describe();
                }
                return null;
            }
            default -> {
                return "expected = " + expected + ": a result the runner cannot compare (got = " + d.describe() + ")";
            }
        }
    }

    // =========================================================================================================
    // Commands and code
    // =========================================================================================================

    private void command(Event e, EventBody.Command c) throws UnsupportedFeature, ScriptFailure {
        for (ShellCommand.Action a : ShellCommand.parse(c.text())) {
            if (a instanceof ShellCommand.SocketStateCount count) {
                long have = 0;
                for (Sock s : sockets.all()) {
                    String state = s.listener != null ? "LISTEN"
                            : s.connection != null ? sockstatName(s.connection.state()) : "CLOSED";
                    if (state.equals(count.state())) {
                        have++;
                    }
                }
                if (have != count.expected()) {
                    throw new ScriptFailure("line " + e.line() + ": sockstat: expected " + count.expected()
                            + " TCP socket(s) in " + count.state() + " but the stack has " + have);
                }
            }
            if (a instanceof ShellCommand.Sysctl s) {
                TcpConfig.Builder b = knobConfig.toBuilder();
                String why = Knobs.apply(profile, s.name(), s.value(), b);
                if (why != null) {
                    throw new UnsupportedFeature(why + " (line " + e.line() + ")");
                }
                TcpConfig next = b.build();
                if (harness.stackOrNull() != null && !next.equals(knobConfig)) {
                    // As in the kernels, a sysctl changed later applies to sockets opened afterwards.
                    notes.add("sysctl " + s.name() + " after the stack was built: applies to sockets opened later"
                            + " (line " + e.line() + ")");
                }
                knobConfig = next;
            }
        }
    }

    /** FreeBSD sockstat's name for a state (tcpstates[]: SYN_RCVD, FIN_WAIT_1, ...). */
    private static String sockstatName(org.margay.net.tcp.engine.TcpState state) {
        return switch (state) {
            case SYN_RECEIVED -> "SYN_RCVD";
            default -> state.name();
        };
    }

    private void code(Event e, EventBody.Code c) throws ScriptFailure, UnsupportedFeature {
        TcpConnection conn = underTest == null ? null : underTest.connection;
        if (conn == null) {
            throw new ScriptFailure("line " + e.line() + ": %{ }% needs a connected socket under test");
        }
        int advmss = conn.config().mss(); // the connection's own (TCP_MAXSEG), as the stack advertised it
        String failed;
        try {
            failed = AssertEvaluator.run(c.text(), field -> TcpInfo.read(field, conn, advmss));
        } catch (UnsupportedFeature u) {
            throw new UnsupportedFeature(u.getMessage() + " (line " + e.line() + ")");
        }
        if (failed != null) {
            throw new ScriptFailure("line " + e.line() + ": at " + seconds(harness.now()) + " s " + failed);
        }
    }

    // =========================================================================================================
    // Host for the socket layer
    // =========================================================================================================

    @Override
    public InetStack stackFor(Sock sock) throws UnsupportedFeature {
        return harness.stack(knobConfig);
    }

    @Override
    public InetStack stackOrNull() {
        return harness.stackOrNull();
    }

    @Override
    public void underTest(Sock sock) {
        underTest = sock;
        if (!sock.accepted) {
            tuple = Tuple.CONNECTING;
        }
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public TcpConfig preview(Sock s) {
        TcpConfig.Builder b = knobConfig.toBuilder();
        if (s.maxSegment != null) {
            b.mss(Math.min(s.maxSegment, knobConfig.mss()));
        }
        if (s.receiveBuffer != null) {
            b.receiveBufferSize(s.receiveBuffer);
        }
        if (s.sendBuffer != null) {
            b.sendBufferSize(s.sendBuffer);
        }
        if (s.noDelay != null) {
            b.noDelay(s.noDelay);
        }
        if (s.keepAlive != null) {
            b.keepAlive(s.keepAlive);
        }
        if (Boolean.TRUE.equals(s.noOptions)) {
            b.noOptions();
        }
        if (s.userTimeoutMillis != null) {
            b.userTimeoutNanos(s.userTimeoutMillis * 1_000_000L);
        }
        return b.build();
    }
}
