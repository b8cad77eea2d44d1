package org.margay.apps.discard;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.margay.examples.AppRunner;
import org.margay.fastpath.buffer.PacketBuffer;
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
 * The Discard service (RFC 863) over TCP: accepts connections, pops whatever arrives, counts it and frees it; sends
 * nothing. A sink for throughput tests ({@code socat -u FILE TCP:...}). Raw-stream queues, so any TCP peer works.
 *
 * <p>With hashing on, each connection's bytes also go through a SHA-256 ({@link #lastSha256()} is that of the last
 * connection that ended, whether the peer closed it or the server stopped), read straight from the received buffers through one reused byte array.
 *
 * <p>Per connection exactly one pop is outstanding; a connection closes when the peer closes (end of stream) or
 * fails. Steady state allocates nothing: state lives in arrays indexed by queue descriptor. Single-threaded.
 */
public final class DiscardServer implements QueueApp {
    private final LibOS los;
    private final InetEndpoint local;
    private AppRunner runner;
    private int listenQd = -1;
    private long acceptQt;
    private long[] popQt = new long[64];
    private boolean[] open = new boolean[64];
    private long connections;
    private long closed;
    private long bytes;
    private long failures;
    private boolean stopped;
    private final boolean hashing;
    private MessageDigest[] digests = new MessageDigest[64];
    private final byte[] chunk;
    private String lastSha256;

    /** A server for {@code los} listening on {@code local} (port 0 picks one: see {@link #endpoint()}). */
    public DiscardServer(LibOS los, InetEndpoint local) {
        this(los, local, false);
    }

    /** As {@link #DiscardServer(LibOS, InetEndpoint)}, hashing each connection's bytes when {@code sha256}. */
    public DiscardServer(LibOS los, InetEndpoint local, boolean sha256) {
        this.los = Objects.requireNonNull(los, "los");
        this.local = Objects.requireNonNull(local, "local");
        this.hashing = sha256;
        this.chunk = sha256 ? new byte[1 << 16] : null;
    }

    /** The SHA-256 (hex) of the bytes of the last connection that ended, or null (none yet, or hashing off). */
    public String lastSha256() {
        return lastSha256;
    }

    @Override
    public String name() {
        return "discard";
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
            runner.trace().event(name(), "listening on " + los.getsockname(listenQd) + " (tcp, " + los.name() + ")");
        }
    }

    /** Where it listens (after {@link #start}). */
    public InetEndpoint endpoint() {
        return los.getsockname(listenQd);
    }

    @Override
    public void onCompletion(QResult r) {
        int qd = r.qd();
        long qt = r.qt();
        if (qd == listenQd && qt == acceptQt && qt != 0) {
            onAccept(r);
        } else if (qd >= 0 && qd < popQt.length && qt == popQt[qd] && qt != 0) {
            popQt[qd] = 0;
            onPop(qd, r);
        } else if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());   // stale: a pop of a queue closed since
        }
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
        if (qd >= popQt.length) {
            int n = Math.max(qd + 1, popQt.length * 2);
            popQt = Arrays.copyOf(popQt, n);
            open = Arrays.copyOf(open, n);
            digests = Arrays.copyOf(digests, n);
        }
        open[qd] = true;
        if (hashing) {
            digests[qd] = newDigest();
        }
        runner.own(los, qd, this);
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "connection from " + r.peer() + " on qd " + qd);
        }
        if (stopped) {
            closeConnection(qd, "stopping");
            return;
        }
        pop(qd);
        acceptQt = los.accept(listenQd);
    }

    private void onPop(int qd, QResult r) {
        if (!r.ok()) {
            failures++;
            closeConnection(qd, "pop failed: " + Errno.name(r.ret()));
            return;
        }
        var element = r.sga();
        boolean end = element.segmentCount() == 0;
        bytes += element.totalLength();
        if (hashing && digests[qd] != null) {
            hash(digests[qd], element);
        }
        los.sgaFree(element);
        if (end) {
            closeConnection(qd, "peer closed");
        } else if (stopped) {
            closeConnection(qd, "stopping");
        } else {
            pop(qd);
        }
    }

    private void hash(MessageDigest digest, Sga element) {
        for (int i = 0; i < element.segmentCount(); i++) {
            PacketBuffer b = element.buffer(i);
            int length = b.length();
            for (int at = 0; at < length; ) {
                int n = Math.min(chunk.length, length - at);
                MemorySegment.copy(b.segment(), ValueLayout.JAVA_BYTE, b.start() + at, chunk, 0, n);
                digest.update(chunk, 0, n);
                at += n;
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private void pop(int qd) {
        long qt = los.pop(qd);
        if (qt < 0) {
            failures++;
            closeConnection(qd, "pop refused: " + Errno.name((int) -qt));
            return;
        }
        popQt[qd] = qt;
    }

    private void closeConnection(int qd, String why) {
        if (!open[qd]) {
            return;
        }
        open[qd] = false;
        popQt[qd] = 0;
        if (hashing && digests[qd] != null) {
            lastSha256 = HexFormat.of().formatHex(digests[qd].digest());
            digests[qd] = null;
            if (runner.trace().enabled()) {
                runner.trace().event(name(), "qd " + qd + " ended: sha256=" + lastSha256);
            }
        }
        runner.disown(los, qd);
        los.close(qd);
        closed++;
        if (runner.trace().enabled()) {
            runner.trace().event(name(), "closed qd " + qd + " (" + why + ")");
        }
    }

    /** Stops accepting and closes every connection (what arrived unread is discarded anyway). */
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
        for (int qd = 0; qd < open.length; qd++) {
            if (open[qd]) {
                closeConnection(qd, "stopping");
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

    /** Bytes received and discarded. */
    public long bytes() {
        return bytes;
    }

    /** Operations that failed. */
    public long failures() {
        return failures;
    }
}
