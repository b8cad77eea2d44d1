package org.margay.apps.iperf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A server the stock {@code iperf3} client measures against, for TCP tests forward (client sends) and reverse
 * ({@code -R}, server sends), with any number of parallel streams ({@code -P}), timed ({@code -t}) or sized
 * ({@code -n}, {@code -k}). Written only against PDPIX, on raw-stream queues. The protocol is described in
 * {@link IperfProtocol}; one test runs at a time, as in iperf3, and connections arriving meanwhile are denied.
 *
 * <h2>Data path</h2>
 * Receiving: one pop per stream, bytes counted and the element freed. Sending: one random payload element of the
 * client's block size (capped by the library OS's largest element) pushed repeatedly, {@value #SEND_DEPTH} pushes
 * outstanding per stream; bytes count when a push completes (the library OS took them). Counting stops at
 * {@link IperfProtocol#TEST_END}. Then, as iperf3's own server does, a sending server closes its streams (the client
 * drains them with blocking reads until end of stream), while a receiving server keeps draining its streams until the
 * client closes them, so that data still in flight ends in FINs rather than resets. Steady state allocates nothing
 * per element.
 *
 * <p>UDP, SCTP, bidirectional tests and authentication are refused with iperf's "not implemented" error, which the
 * client prints. Single-threaded.
 */
public final class IperfServer implements QueueApp {
    /** Pushes outstanding per stream when the server sends. */
    public static final int SEND_DEPTH = 2;

    private enum Role { PENDING, CONTROL, DATA, DENIED }

    private enum Phase { IDLE, PARAMS, CREATE_STREAMS, RUNNING, RESULTS, DONE_WAIT }

    private final LibOS los;
    private final InetEndpoint local;
    private final LongSupplier clock;
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private Conn[] byQd = new Conn[64];
    private int open;
    private boolean stopped;
    // the test in progress
    private Phase phase = Phase.IDLE;
    private int testNumber;
    private Conn control;
    private byte[] cookie;
    private IperfParameters params;
    private final List<Conn> streams = new ArrayList<>();
    private Sga payload;
    private int payloadLength;
    private long scheduledBytes;
    private boolean frozen;
    private long startNanos;
    private long endNanos;
    private long cpuStartNanos;
    private long cpuEndNanos;
    // counters
    private long testsStarted;
    private long testsCompleted;
    private long testsFailed;
    private long denied;
    private long measuredBytes;
    private String lastSummary;

    /** A server for {@code los} on {@code local}, timing tests with {@code System.nanoTime}. */
    public IperfServer(LibOS los, InetEndpoint local) {
        this(los, local, System::nanoTime);
    }

    /** A server timing tests with {@code clock} (nanoseconds; a virtual clock in tests). */
    public IperfServer(LibOS los, InetEndpoint local, LongSupplier clock) {
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "iperf3";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        listenQd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(listenQd, SocketOption.FRAMING, Framing.RAW_STREAM);
        los.bind(listenQd, local);
        los.listen(listenQd, 128);
        runner.own(los, listenQd, this);
        acceptQt = los.accept(listenQd);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "listening on " + los.getsockname(listenQd) + " (" + los.name() + ")");
        }
    }

    /** Where it listens (after {@link #start}). */
    public InetEndpoint endpoint() {
        return los.getsockname(listenQd);
    }

    // ------------------------------------------------------------------ completions

    @Override
    public void onCompletion(QResult r) {
        int qd = r.qd();
        long qt = r.qt();
        if (qd == listenQd && qt == acceptQt && qt != 0) {
            onAccept(r);
            return;
        }
        Conn c = qd >= 0 && qd < byQd.length ? byQd[qd] : null;
        if (c != null && qt == c.popQt && qt != 0) {
            c.popQt = 0;
            onPop(c, r);
        } else if (c != null && c.forgetPush(qt)) {
            onPushed(c, r);
        } else if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    private void onAccept(QResult r) {
        acceptQt = 0;
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED && !stopped) {
                acceptQt = los.accept(listenQd);
            }
            return;
        }
        int qd = r.acceptedQd();
        if (qd >= byQd.length) {
            byQd = Arrays.copyOf(byQd, Math.max(qd + 1, byQd.length * 2));
        }
        Conn c = new Conn(qd);
        byQd[qd] = c;
        open++;
        runner.own(los, qd, this);
        if (stopped) {
            close(c);
            return;
        }
        acceptQt = los.accept(listenQd);
        pop(c);
    }

    private void onPop(Conn c, QResult r) {
        if (!r.ok()) {
            lost(c, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga element = r.sga();
        if (element.segmentCount() == 0) {
            los.sgaFree(element);
            lost(c, "peer closed");
            return;
        }
        switch (c.role) {
            case DATA -> {
                if (c.test == testNumber && !frozen && !params.reverse()) {
                    c.bytes += element.totalLength();
                }
                los.sgaFree(element);
                pop(c);
            }
            case PENDING, CONTROL -> {
                boolean fits = c.in.append(element);
                los.sgaFree(element);
                if (!fits) {
                    lost(c, "too much data on a control connection");
                    return;
                }
                if (c.role == Role.PENDING) {
                    if (c.in.available() >= IperfProtocol.COOKIE_SIZE) {
                        classify(c);
                    }
                } else {
                    processControl();
                }
                if (!c.closed) {
                    pop(c);
                }
            }
            case DENIED -> los.sgaFree(element);
        }
    }

    private void onPushed(Conn c, QResult r) {
        if (!r.ok()) {
            lost(c, "push failed: " + Errno.name(r.ret()));
            return;
        }
        if (c.role == Role.DATA && c.test == testNumber && params != null && params.reverse() && !frozen) {
            c.bytes += payloadLength;
            send(c);
        }
        if (c.closeWhenFlushed && c.inFlight == 0) {
            close(c);
        }
    }

    // ------------------------------------------------------------------ connection roles

    /** A new connection sent its cookie: it opens a test, joins the one being set up, or is denied. */
    private void classify(Conn c) {
        byte[] theirs = c.in.take(IperfProtocol.COOKIE_SIZE);
        if (phase == Phase.IDLE && !stopped) {
            c.role = Role.CONTROL;
            beginTest(c, theirs);
        } else if (phase == Phase.CREATE_STREAMS && Arrays.equals(theirs, cookie) && streams.size() < params.parallel()) {
            c.role = Role.DATA;
            c.test = testNumber;
            if (!params.reverse()) {
                c.bytes += c.in.available();   // data right behind the cookie
            }
            c.in.clear();
            streams.add(c);
            if (streams.size() == params.parallel()) {
                startTest();
            }
        } else {
            c.role = Role.DENIED;
            denied++;
            c.in.clear();
            send(c, new byte[] {IperfProtocol.ACCESS_DENIED});
            c.closeWhenFlushed = true;
        }
    }

    private void beginTest(Conn c, byte[] theirs) {
        testNumber++;
        testsStarted++;
        control = c;
        cookie = theirs;
        params = null;
        streams.clear();
        frozen = false;
        scheduledBytes = 0;
        phase = Phase.PARAMS;
        send(c, new byte[] {IperfProtocol.PARAM_EXCHANGE});
        processControl();
    }

    // ------------------------------------------------------------------ the control protocol

    private void processControl() {
        ByteAccumulator in = control == null ? null : control.in;
        while (in != null && control != null && !control.closed) {
            switch (phase) {
                case PARAMS -> {
                    String json = readJson(in);
                    if (json == null) {
                        return;
                    }
                    onParameters(json);
                }
                case CREATE_STREAMS, RUNNING -> {
                    if (in.available() < 1) {
                        return;
                    }
                    byte state = in.get(0);
                    in.skip(1);
                    if (state == IperfProtocol.TEST_END && phase == Phase.RUNNING) {
                        onTestEnd();
                    } else if (state == IperfProtocol.CLIENT_TERMINATE) {
                        abortTest("the client terminated the test");
                    } else {
                        abortTest("unexpected state " + state + " in " + phase);
                    }
                }
                case RESULTS -> {
                    String json = readJson(in);
                    if (json == null) {
                        return;
                    }
                    onClientResults(json);
                }
                case DONE_WAIT -> {
                    if (in.available() < 1) {
                        return;
                    }
                    byte state = in.get(0);
                    in.skip(1);
                    if (state == IperfProtocol.IPERF_DONE) {
                        completeTest();
                    } else if (state == IperfProtocol.CLIENT_TERMINATE) {
                        abortTest("the client terminated the test");
                    } else {
                        abortTest("unexpected state " + state + " after the results");
                    }
                }
                case IDLE -> {
                    in.clear();
                    return;
                }
            }
        }
    }

    /** A length-prefixed JSON document if complete (consumed), null if more bytes are needed. */
    private String readJson(ByteAccumulator in) {
        if (in.available() < 4) {
            return null;
        }
        int length = in.getInt(0);
        if (length <= 0 || length > IperfProtocol.MAX_JSON) {
            serverError(IperfProtocol.IE_RECEIVE_PARAMETERS, "bad JSON length " + length);
            return null;
        }
        if (in.available() < 4 + length) {
            return null;
        }
        in.skip(4);
        return in.takeText(length);
    }

    private void onParameters(String json) {
        IperfParameters p;
        try {
            p = IperfParameters.parse(json);
        } catch (Json.JsonException e) {
            serverError(IperfProtocol.IE_RECEIVE_PARAMETERS, "bad parameters: " + e.getMessage());
            return;
        }
        if (p.unsupported() != null) {
            serverError(IperfProtocol.IE_UNIMPLEMENTED, p.unsupported());
            return;
        }
        params = p;
        phase = Phase.CREATE_STREAMS;
        send(control, new byte[] {IperfProtocol.CREATE_STREAMS});
    }

    private void startTest() {
        if (params.reverse()) {
            payloadLength = (int) Math.min(params.blockSize(), los.maxElement());
            payload = los.sgaAlloc(payloadLength);
            if (payload == null) {
                serverError(IperfProtocol.IE_UNIMPLEMENTED, "no memory for a " + payloadLength + "-byte block");
                return;
            }
            byte[] random = new byte[payloadLength];
            new SplittableRandom(testNumber).nextBytes(random);
            payload.fill(random);
        }
        phase = Phase.RUNNING;
        startNanos = clock.getAsLong();
        cpuStartNanos = cpuNanos();
        send(control, new byte[] {IperfProtocol.TEST_START, IperfProtocol.TEST_RUNNING});
        if (params.reverse()) {
            for (Conn s : streams) {
                send(s);
            }
        }
    }

    /** Keeps {@value #SEND_DEPTH} payload pushes outstanding on a sending stream while the test runs. */
    private void send(Conn s) {
        long limit = params.byteLimit();
        while (!s.closed && s.inFlight < SEND_DEPTH && phase == Phase.RUNNING && !frozen
                && (limit == 0 || scheduledBytes < limit)) {
            long qt = los.push(s.qd, payload);
            if (qt < 0) {
                lost(s, "push refused: " + Errno.name((int) -qt));
                return;
            }
            s.rememberPush(qt);
            scheduledBytes += payloadLength;
        }
    }

    private void onTestEnd() {
        frozen = true;
        endNanos = clock.getAsLong();
        cpuEndNanos = cpuNanos();
        if (params.reverse()) {
            // The iperf3 client drains its streams with blocking reads after TEST_END: it needs their end of stream.
            // close() sends what is queued, then FIN; pushes not yet taken are cancelled (and were not counted).
            for (Conn s : streams) {
                close(s);
            }
        }
        phase = Phase.RESULTS;
        send(control, new byte[] {IperfProtocol.EXCHANGE_RESULTS});
    }

    private void onClientResults(String json) {
        try {
            Json.parseObject(json);
        } catch (Json.JsonException e) {
            abortTest("bad results from the client: " + e.getMessage());
            return;
        }
        double seconds = Math.max(0, endNanos - startNanos) / 1e9;
        long[] bytes = new long[streams.size()];
        long total = 0;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = streams.get(i).bytes;
            total += bytes[i];
        }
        measuredBytes += total;
        lastSummary = String.format(Locale.ROOT, "test %d from %s: %d stream(s), %s, %.2f s, %d bytes, %.3f Gbit/s",
                testNumber, safePeer(control.qd), bytes.length, params.reverse() ? "reverse (server sends)" : "forward (server receives)",
                seconds, total, seconds > 0 ? total * 8 / seconds / 1e9 : 0.0);
        double cpu = seconds > 0 && cpuStartNanos >= 0 && cpuEndNanos >= cpuStartNanos
                ? (cpuEndNanos - cpuStartNanos) / (seconds * 1e9) * 100 : 0;
        byte[] doc = IperfResults.json(cpu, params.reverse(), bytes, seconds,
                params.serverOutput() ? lastSummary + "\n" : null).getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[4 + doc.length + 1];
        message[0] = (byte) (doc.length >>> 24);
        message[1] = (byte) (doc.length >>> 16);
        message[2] = (byte) (doc.length >>> 8);
        message[3] = (byte) doc.length;
        System.arraycopy(doc, 0, message, 4, doc.length);
        message[message.length - 1] = IperfProtocol.DISPLAY_RESULTS;
        phase = Phase.DONE_WAIT;
        send(control, message);
    }

    private void completeTest() {
        testsCompleted++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), lastSummary);
        }
        // The client closes its data connections itself; they stay open until it does (no reset).
        Conn c = control;
        endTest();
        c.closeWhenFlushed = true;
        if (c.inFlight == 0) {
            close(c);
        }
    }

    private void serverError(int code, String why) {
        testsFailed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "test " + testNumber + " refused: " + why);
        }
        Conn c = control;
        for (Conn s : streams) {
            close(s);
        }
        endTest();
        c.in.clear();
        send(c, new byte[] {IperfProtocol.SERVER_ERROR, (byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8),
                (byte) code, 0, 0, 0, 0});
        c.closeWhenFlushed = true;
    }

    private void abortTest(String why) {
        testsFailed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "test " + testNumber + " aborted: " + why);
        }
        Conn c = control;
        for (Conn s : streams) {
            close(s);
        }
        endTest();
        if (c != null) {
            close(c);
        }
    }

    /** Forgets the test (its connections stay as they are). */
    private void endTest() {
        phase = Phase.IDLE;
        frozen = true;
        control = null;
        streams.clear();
        if (payload != null) {
            los.sgaFree(payload);   // pushes still outstanding hold their own references
            payload = null;
        }
    }

    // ------------------------------------------------------------------ connections

    /** A connection ended (end of stream, reset, failed operation). */
    private void lost(Conn c, String why) {
        if (c == control) {
            abortTest("control connection: " + why);
        } else {
            close(c);
        }
    }

    private void pop(Conn c) {
        if (c.closed || c.popQt != 0) {
            return;
        }
        long qt = los.pop(c.qd);
        if (qt < 0) {
            lost(c, "pop refused: " + Errno.name((int) -qt));
            return;
        }
        c.popQt = qt;
    }

    private void send(Conn c, byte[] bytes) {
        if (c.closed) {
            return;
        }
        Sga element = los.sgaAlloc(bytes.length);
        if (element == null) {
            lost(c, "no memory for a control message");
            return;
        }
        element.fill(bytes);
        long qt = los.push(c.qd, element);
        los.sgaFree(element);
        if (qt < 0) {
            lost(c, "push refused: " + Errno.name((int) -qt));
            return;
        }
        c.rememberPush(qt);
    }

    private void close(Conn c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        byQd[c.qd] = null;
        open--;
        runner.disown(los, c.qd);
        los.close(c.qd);
    }

    private String safePeer(int qd) {
        try {
            return los.getpeername(qd).toString();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Stops accepting. A test that is exchanging its results may finish (its connections close as usual, within the
     * host's grace period); any other test in progress is abandoned and every other connection closed.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        acceptQt = 0;
        if (listenQd >= 0) {
            runner.disown(los, listenQd);
            los.close(listenQd);
        }
        boolean finishing = phase == Phase.RESULTS || phase == Phase.DONE_WAIT;
        if (phase != Phase.IDLE && !finishing) {
            abortTest("server stopping");
        }
        for (Conn c : byQd) {
            if (c != null && !(finishing && (c == control || streams.contains(c)))) {
                close(c);
            }
        }
    }

    @Override
    public boolean finished() {
        return stopped && open == 0;
    }

    /** Tests that got as far as their parameters. */
    public long testsStarted() {
        return testsStarted;
    }

    /** Tests that ran to IPERF_DONE. */
    public long testsCompleted() {
        return testsCompleted;
    }

    /** Tests refused or aborted. */
    public long testsFailed() {
        return testsFailed;
    }

    /** Connections denied because a test was running. */
    public long denied() {
        return denied;
    }

    /** Bytes measured (sent or received on data streams) by completed tests' result exchanges. */
    public long measuredBytes() {
        return measuredBytes;
    }

    /** The last finished test in one line (or null). */
    public String lastSummary() {
        return lastSummary;
    }

    /** One connection: a control connection, a data stream, or one not yet known. */
    private static final class Conn {
        final int qd;
        final ByteAccumulator in = new ByteAccumulator(IperfProtocol.MAX_JSON + 16);
        final long[] pushes = new long[8];
        Role role = Role.PENDING;
        int test;
        int inFlight;
        long popQt;
        long bytes;
        boolean closed;
        boolean closeWhenFlushed;

        Conn(int qd) {
            this.qd = qd;
        }

        void rememberPush(long qt) {
            if (inFlight == pushes.length) {
                throw new IllegalStateException("more than " + pushes.length + " pushes outstanding on qd " + qd);
            }
            pushes[inFlight++] = qt;
        }

        boolean forgetPush(long qt) {
            if (qt == 0) {
                return false;
            }
            for (int i = 0; i < inFlight; i++) {
                if (pushes[i] == qt) {
                    pushes[i] = pushes[--inFlight];
                    return true;
                }
            }
            return false;
        }
    }
}
