package org.margay.apps.http;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.fastpath.buffer.PacketBuffer;
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
 * An HTTP/1.1 static file server (RFC 9110, RFC 9112) written only against PDPIX, over raw-stream TCP queues so that
 * curl and browsers talk to it.
 *
 * <h2>Per connection</h2>
 * <ul>
 *   <li>Requests are parsed incrementally as bytes arrive ({@link HttpRequestParser}); pipelined requests are
 *       answered one after the other, in order (RFC 9112 §9.3.2). While a response is being sent the server does
 *       not pop, so a client that pipelines too much is held back by TCP's window, not by memory here.</li>
 *   <li>GET and HEAD are served from {@link StaticFiles}; other methods get 405 with {@code Allow: GET, HEAD}.
 *       Every response has a Content-Length, so connections stay open (keep-alive) unless the client asked to close,
 *       spoke HTTP/1.0 without keep-alive, sent something malformed (4xx/5xx from the parser, then close), or the
 *       server is stopping.</li>
 *   <li>A file is streamed in chunks of up to {@value #CHUNK} bytes read from a {@link FileChannel} into one reusable
 *       off-heap buffer and copied into a pooled element, at most {@value #MAX_IN_FLIGHT} pushes outstanding: a 50 MiB
 *       file never sits in memory, and a slow client holds back only itself. The head travels in the same element as
 *       the first chunk. When the element pool is momentarily empty the connection waits for the next completion.</li>
 * </ul>
 *
 * <p>An idle keep-alive connection (no request begun, no response being sent) is closed after the idle timeout
 * ({@link #DEFAULT_IDLE_TIMEOUT_NANOS} unless configured), measured from its last completion with the time the host
 * passes to {@link #tick}.
 *
 * <p>Allocation: per request (the parsed strings, the head, the file channel); none per chunk. Single-threaded.
 */
public final class HttpServer implements QueueApp {
    /**
     * How long a keep-alive connection may stay idle (no request begun, nothing being sent) before the server closes
     * it: 30 s. RFC 9112 §9.3 lets a server close an idle connection at any time; clients retry a request that met
     * such a close on a fresh connection (§9.3.1), so a moderate timeout costs nothing but frees the slot.
     */
    public static final long DEFAULT_IDLE_TIMEOUT_NANOS = 30_000_000_000L;
    /** How often {@link #tick} looks for idle connections. */
    private static final long SWEEP_NANOS = 100_000_000L;
    /** Largest body piece per pushed element. */
    public static final int CHUNK = 64 * 1024;
    /** Pushes outstanding per connection while streaming a body. */
    public static final int MAX_IN_FLIGHT = 4;
    private static final int HEAD_ROOM = 16 * 1024;

    private final LibOS los;
    private final InetEndpoint local;
    private final StaticFiles files;
    private final ResponseHead heads = new ResponseHead();
    private final MemorySegment scratch;
    private final ByteBuffer scratchBuffer;
    private final ArrayDeque<Connection> stalled = new ArrayDeque<>();
    private int chunk;
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private Connection[] byQd = new Connection[64];
    private long connections;
    private long closed;
    private long requests;
    private final long[] statusClasses = new long[6];
    private long bodyBytes;
    private long failures;
    private boolean stopped;
    private final long idleTimeoutNanos;
    private long now;
    private long lastSweep;
    private long idleClosed;

    /** A server of the files under {@code files}' root, listening on {@code local} (port 0 picks one). */
    public HttpServer(LibOS los, InetEndpoint local, StaticFiles files) {
        this(los, local, files, DEFAULT_IDLE_TIMEOUT_NANOS);
    }

    /**
     * As {@link #HttpServer(LibOS, InetEndpoint, StaticFiles)}, closing keep-alive connections idle for
     * {@code idleTimeoutNanos} (checked in {@link #tick}).
     */
    public HttpServer(LibOS los, InetEndpoint local, StaticFiles files, long idleTimeoutNanos) {
        if (idleTimeoutNanos <= 0) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeoutNanos);
        }
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.files = Objects.requireNonNull(files, "files");
        this.scratch = Arena.ofAuto().allocate(CHUNK + HEAD_ROOM, 64);
        this.scratchBuffer = scratch.asByteBuffer();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        this.chunk = (int) Math.max(1024, Math.min(CHUNK, los.maxElement()));
        listenQd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(listenQd, SocketOption.FRAMING, Framing.RAW_STREAM);   // accepted queues inherit it
        los.bind(listenQd, local);
        los.listen(listenQd, 128);
        runner.own(los, listenQd, this);
        acceptQt = los.accept(listenQd);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "serving " + files.root() + " on " + los.getsockname(listenQd) + " (" + los.name() + ")");
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
        } else {
            Connection c = qd >= 0 && qd < byQd.length ? byQd[qd] : null;
            if (c != null) {
                c.lastActive = now;
            }
            if (c != null && qt == c.popQt && qt != 0) {
                c.popQt = 0;
                onPop(c, r);
            } else if (c != null && c.forgetPush(qt)) {
                onPushed(c, r);
            } else if (r.sga() != null && r.sga().isLive()) {
                los.sgaFree(r.sga());   // stale: an operation of a queue closed since
            }
        }
        retryStalled();
    }

    private void onAccept(QResult r) {
        acceptQt = 0;
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED && !stopped) {
                failures++;
                acceptQt = los.accept(listenQd);
            }
            return;
        }
        int qd = r.acceptedQd();
        connections++;
        if (qd >= byQd.length) {
            byQd = Arrays.copyOf(byQd, Math.max(qd + 1, byQd.length * 2));
        }
        Connection c = new Connection(qd);
        c.lastActive = now;
        byQd[qd] = c;
        runner.own(los, qd, this);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "connection from " + r.peer() + " on qd " + qd);
        }
        if (stopped) {
            close(c, "stopping");
            return;
        }
        acceptQt = los.accept(listenQd);
        advance(c);
    }

    private void onPop(Connection c, QResult r) {
        if (!r.ok()) {
            failures++;
            close(c, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        Sga element = r.sga();
        if (element.segmentCount() == 0) {
            los.sgaFree(element);
            c.peerClosed = true;
        } else {
            c.input = element;
            c.segment = 0;
            c.offset = 0;
        }
        advance(c);
    }

    private void onPushed(Connection c, QResult r) {
        if (!r.ok()) {
            failures++;
            close(c, "push failed: " + Errno.name(r.ret()));
            return;
        }
        pump(c);
    }

    // ------------------------------------------------------------------ reading requests

    /** Reads and answers requests until the connection must wait for input or for its response to drain. */
    private void advance(Connection c) {
        while (!c.closed && !c.responding) {
            if (c.skipBody > 0) {
                if (!hasInput(c)) {
                    needInput(c);
                    return;
                }
                c.skipBody -= consume(c, (int) Math.min(c.skipBody, Integer.MAX_VALUE), false);
                continue;
            }
            if (!hasInput(c)) {
                needInput(c);
                return;
            }
            consume(c, Integer.MAX_VALUE, true);
            switch (c.parser.status()) {
                case COMPLETE -> {
                    HttpRequest request = c.parser.request();
                    c.parser.reset();
                    handle(c, request);
                }
                case ERROR -> {
                    int status = c.parser.errorStatus();
                    if (runner.trace().enabled()) {
                        runner.trace().event(name(), "qd " + c.qd + ": " + status + " (" + c.parser.errorReason() + ")");
                    }
                    c.parser.reset();
                    respondText(c, status, false, false);
                }
                default -> { }
            }
        }
    }

    private void needInput(Connection c) {
        if (c.peerClosed) {
            close(c, c.parser.started() ? "peer closed inside a request" : "peer closed");
        } else if (stopped && !c.parser.started()) {
            close(c, "stopping");
        } else if (c.popQt == 0) {
            long qt = los.pop(c.qd);
            if (qt < 0) {
                failures++;
                close(c, "pop refused: " + Errno.name((int) -qt));
                return;
            }
            c.popQt = qt;
        }
    }

    private static boolean hasInput(Connection c) {
        return c.input != null;
    }

    /**
     * Takes up to {@code limit} bytes of input, feeding them to the parser or dropping them (a request body);
     * returns how many were taken. Frees the element once it is used up.
     */
    private int consume(Connection c, int limit, boolean parse) {
        Sga in = c.input;
        PacketBuffer b = in.buffer(c.segment);
        int available = b.length() - c.offset;
        int n = Math.min(available, limit);
        if (parse) {
            n = c.parser.feed(b.segment(), b.start() + c.offset, n);
        }
        c.offset += n;
        if (c.offset == b.length()) {
            c.segment++;
            c.offset = 0;
            if (c.segment == in.segmentCount()) {
                los.sgaFree(in);
                c.input = null;
            }
        }
        return n;
    }

    private void handle(Connection c, HttpRequest request) {
        requests++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "qd " + c.qd + ": " + request.method() + " " + request.target() + " " + request.version());
        }
        boolean keepAlive = request.keepAlive() && !stopped;
        boolean head = request.method().equals("HEAD");
        if (!head && !request.method().equals("GET")) {
            // RFC 9110 §15.5.6: 405 lists the allowed methods. A body we will not read closes the connection.
            boolean keep = keepAlive && request.contentLength() == 0;
            respondText(c, 405, keep, false, "Allow: GET, HEAD");
            return;
        }
        c.skipBody = request.contentLength();
        StaticFiles.Resolution resolution = files.resolve(request.target());
        switch (resolution) {
            case StaticFiles.FileFound f -> respondFile(c, f.file(), f.size(), keepAlive, head);
            case StaticFiles.DirectoryFound d -> respond(c, 200, "text/html; charset=utf-8",
                    DirectoryListing.page(d.directory(), d.path()), keepAlive, head);
            case StaticFiles.Redirect r -> respondText(c, 301, keepAlive, head, "Location: " + r.location());
            case StaticFiles.Refused r -> respondText(c, r.status(), keepAlive, head);
        }
    }

    // ------------------------------------------------------------------ responses

    private void respondText(Connection c, int status, boolean keepAlive, boolean headOnly, String... extra) {
        byte[] body = (status + " " + ResponseHead.reason(status) + "\n").getBytes(StandardCharsets.UTF_8);
        respond(c, status, "text/plain; charset=utf-8", body, keepAlive, headOnly, extra);
    }

    private void respond(Connection c, int status, String type, byte[] body, boolean keepAlive, boolean headOnly,
                         String... extra) {
        count(status);
        c.beginResponse(heads.write(status, type, body.length, keepAlive, extra), keepAlive);
        if (!headOnly) {
            c.bodyArray = body;
            c.remaining = body.length;
        }
        pump(c);
    }

    private void respondFile(Connection c, Path file, long size, boolean keepAlive, boolean headOnly) {
        FileChannel channel = null;
        if (!headOnly && size > 0) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException | RuntimeException e) {
                respondText(c, 403, keepAlive, false);
                return;
            }
        }
        count(200);
        c.beginResponse(heads.write(200, ContentTypes.of(file.getFileName().toString()), size, keepAlive), keepAlive);
        if (channel != null) {
            c.file = channel;
            c.remaining = size;
        }
        pump(c);
    }

    private void count(int status) {
        int cls = status / 100;
        if (cls >= 1 && cls <= 5) {
            statusClasses[cls]++;
        }
    }

    /** Pushes the response's next elements while fewer than {@value #MAX_IN_FLIGHT} are outstanding. */
    private void pump(Connection c) {
        while (!c.closed && c.responding && c.inFlight < MAX_IN_FLIGHT && (c.head != null || c.remaining > 0)) {
            int headLength = c.head == null ? 0 : c.head.length;
            int room = Math.max(0, chunk - headLength);
            int n = (int) Math.min(c.remaining, room);
            int total = headLength + n;
            Sga element = los.sgaAlloc(total);
            if (element == null) {
                if (!c.stalled) {
                    c.stalled = true;
                    stalled.addLast(c);
                }
                return;   // retried at the next completion
            }
            if (headLength > 0) {
                MemorySegment.copy(c.head, 0, scratch, ValueLayout.JAVA_BYTE, 0, headLength);
            }
            if (n > 0 && !readBody(c, headLength, n)) {
                los.sgaFree(element);
                failures++;
                close(c, "file shorter than its announced length");
                return;
            }
            element.fill(scratch, 0, total);
            long qt = los.push(c.qd, element);
            los.sgaFree(element);   // free-protection: the library OS keeps its own references
            if (qt < 0) {
                failures++;
                close(c, "push refused: " + Errno.name((int) -qt));
                return;
            }
            c.rememberPush(qt);
            c.head = null;
            c.remaining -= n;
            bodyBytes += n;
        }
        if (!c.closed && c.responding && c.inFlight == 0 && c.head == null && c.remaining == 0) {
            finishResponse(c);
        }
    }

    /** Copies the next {@code n} body bytes to {@code scratch[at, at + n)}; false if the file ended early. */
    private boolean readBody(Connection c, int at, int n) {
        if (c.bodyArray != null) {
            int from = c.bodyArray.length - (int) c.remaining;
            MemorySegment.copy(c.bodyArray, from, scratch, ValueLayout.JAVA_BYTE, at, n);
            return true;
        }
        scratchBuffer.clear().position(at).limit(at + n);
        try {
            while (scratchBuffer.hasRemaining()) {
                int got = c.file.read(scratchBuffer, c.filePosition);
                if (got < 0) {
                    return false;
                }
                c.filePosition += got;
            }
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    private void finishResponse(Connection c) {
        c.endResponse();
        if (!c.keepAlive || stopped) {
            close(c, stopped ? "stopping" : "response sent, not keeping the connection");
        } else {
            advance(c);
        }
    }

    private void retryStalled() {
        for (int i = stalled.size(); i > 0 && !stalled.isEmpty(); i--) {
            Connection c = stalled.pollFirst();
            c.stalled = false;
            if (!c.closed) {
                pump(c);
            }
        }
    }

    private void close(Connection c, String why) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        c.endResponse();
        if (c.input != null) {
            los.sgaFree(c.input);
            c.input = null;
        }
        byQd[c.qd] = null;
        runner.disown(los, c.qd);
        los.close(c.qd);
        closed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "closed qd " + c.qd + " (" + why + ")");
        }
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Takes the time (from the host, about once per loop round) and, every {@value #SWEEP_NANOS} ns, closes the
     * keep-alive connections idle for longer than the idle timeout.
     */
    public void tick(long nowNanos) {
        now = nowNanos;
        if (nowNanos - lastSweep < SWEEP_NANOS || runner == null) {
            return;
        }
        lastSweep = nowNanos;
        for (Connection c : byQd) {
            if (c != null && c.lastActive == 0) {
                c.lastActive = nowNanos;   // accepted before the first tick: its idle time starts now
            } else if (c != null && !c.closed && !c.responding && c.input == null && !c.parser.started()
                    && nowNanos - c.lastActive > idleTimeoutNanos) {
                idleClosed++;
                close(c, "idle for " + idleTimeoutNanos / 1_000_000 + " ms");
            }
        }
    }

    /** Keep-alive connections closed for being idle. */
    public long idleClosed() {
        return idleClosed;
    }

    /** Stops accepting and closes idle connections; a response in progress is finished first. */
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
        for (Connection c : byQd) {
            if (c != null && !c.responding) {
                close(c, "stopping");
            }
        }
    }

    @Override
    public boolean finished() {
        return stopped && closed >= connections;
    }

    /** Connections accepted. */
    public long connections() {
        return connections;
    }

    /** Requests parsed (complete heads). */
    public long requests() {
        return requests;
    }

    /** Responses with status {@code cls}xx (1..5). */
    public long responses(int cls) {
        return statusClasses[cls];
    }

    /** Body bytes sent. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Operations that failed. */
    public long failures() {
        return failures;
    }

    /** One connection's state. */
    private static final class Connection {
        final int qd;
        final HttpRequestParser parser = new HttpRequestParser();
        final long[] pushes = new long[MAX_IN_FLIGHT];
        int inFlight;
        long popQt;
        Sga input;
        int segment;
        int offset;
        boolean peerClosed;
        boolean closed;
        boolean stalled;
        long skipBody;
        boolean responding;
        boolean keepAlive;
        byte[] head;
        byte[] bodyArray;
        FileChannel file;
        long filePosition;
        long remaining;
        long lastActive;

        Connection(int qd) {
            this.qd = qd;
        }

        void beginResponse(byte[] headBytes, boolean keep) {
            responding = true;
            keepAlive = keep;
            head = headBytes;
            bodyArray = null;
            file = null;
            filePosition = 0;
            remaining = 0;
        }

        void endResponse() {
            responding = false;
            head = null;
            bodyArray = null;
            remaining = 0;
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // nothing to do: the channel is gone either way
                }
                file = null;
            }
        }

        void rememberPush(long qt) {
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
