package org.margay.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code margay connect}: a TCP client on Margay's stack over a device (or on kernel sockets) that streams N bytes of
 * seeded random data to a server, or receives N bytes from one, and prints the SHA-256 of what it sent or received —
 * for checking a transfer against {@code sha256sum} on the other side.
 *
 * <h2>Output (stable: scripts read it)</h2>
 * The last line on stdout is exactly {@code sha256=<64 hex digits> bytes=N}; progress and rates go to stderr (with
 * {@code --pcap FILE}, last there: {@code connect: capture pcap=FILE frames=N ...}, see {@link LiveCapture}). The data
 * sent is the first N bytes of the concatenation of 64 KiB blocks from
 * {@code new java.util.SplittableRandom(seed).nextBytes(block)}, so a seed gives the same stream every time. After
 * sending, the connection is closed gracefully and the command waits until the peer acknowledged the FIN (so every
 * byte was delivered). Exit code 0 when N bytes went through, 1 on a refused, reset or timed-out connection or a
 * stream that ended early (the line then reports what did arrive), 2 for bad arguments.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Connect over Margay's stack (or kernel sockets), stream N seeded random bytes or receive N bytes,"
                + " and print sha256=<hex> bytes=N.")
final class ConnectCommand implements Callable<Integer> {
    private static final int BLOCK = 64 * 1024;
    private static final int DEPTH = 4;

    @Mixin
    StackOptions network = new StackOptions();

    @Option(names = "--to", required = true, paramLabel = "ADDR:PORT", description = "The server.")
    String to;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Amount amount;

    /** Exactly one direction. */
    static final class Amount {
        @Option(names = "--send-bytes", paramLabel = "N", converter = SimCommand.SizeConverter.class,
                description = "Send N bytes of seeded random data (K, M, G suffixes).")
        Long send;

        @Option(names = "--recv-bytes", paramLabel = "N", converter = SimCommand.SizeConverter.class,
                description = "Receive N bytes (K, M, G suffixes).")
        Long receive;
    }

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data sent (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up when the connection makes no progress"
            + " for this long (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds = 30;

    @Override
    public Integer call() {
        try {
            InetEndpoint server;
            try {
                server = InetEndpoint.parse(to);
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--to must be ADDR:PORT such as 10.0.0.1:5000: " + e.getMessage());
            }
            if (server.port() < 1 || server.port() > 65535) {
                throw CliError.usage("--to: port must be 1..65535, got " + server.port());
            }
            if (timeoutSeconds <= 0) {
                throw CliError.usage("--timeout must be positive");
            }
            long n = amount.send != null ? amount.send : amount.receive;
            if (n <= 0) {
                throw CliError.usage("the byte count must be positive");
            }
            StackOptions.Opened opened = network.open();
            int code;
            try (opened) {
                code = run(opened, server, n, amount.send != null);
            }
            if (opened.capture() != null) {
                System.err.println("connect: capture " + opened.capture().summary());
            }
            return code;
        } catch (CliError e) {
            System.err.println("margay connect: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int run(StackOptions.Opened opened, InetEndpoint server, long n, boolean send) {
        LibOS los = opened.los();
        long timeout = (long) (timeoutSeconds * 1e9);
        QResult r = new QResult();
        int qd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        long started = System.nanoTime();
        long qt = los.connect(qd, server);
        if (qt < 0 || los.wait(qt, r, timeout) != Errno.OK || !r.ok()) {
            String why = qt < 0 ? Errno.name((int) -qt) : r.ok() ? "no answer within " + timeoutSeconds + " s" : Errno.name(r.ret());
            System.err.println("margay connect: cannot connect to " + server + ": " + why + " (" + opened.description() + ")");
            return CliError.FAILURE;
        }
        System.err.println("connect: connected to " + server + " from " + los.getsockname(qd) + " (" + opened.description() + ")");
        MessageDigest sha = sha256();
        long moved;
        String failure;
        long t0 = System.nanoTime();
        if (send) {
            long[] done = new long[1];
            failure = sendAll(los, qd, n, sha, timeout, done);
            moved = done[0];
        } else {
            long[] done = new long[1];
            failure = receive(los, qd, n, sha, timeout, done);
            moved = done[0];
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        System.err.printf(Locale.ROOT, "connect: %s %d bytes in %.3f s (%.1f Mbit/s)%n", send ? "sent" : "received", moved,
                seconds, moved * 8 / seconds / 1e6);
        if (failure != null) {
            System.err.println("margay connect: " + failure);
            try {
                los.close(qd);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        System.out.println("sha256=" + HexFormat.of().formatHex(sha.digest()) + " bytes=" + moved);
        System.out.flush();
        return failure == null ? 0 : CliError.FAILURE;
    }

    /** Pushes N bytes with {@value #DEPTH} pushes outstanding, then closes and waits for the close to complete. */
    private String sendAll(LibOS los, int qd, long n, MessageDigest sha, long timeout, long[] done) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[BLOCK];
        MemorySegment blockSegment = MemorySegment.ofArray(block);
        int piece = (int) Math.min(BLOCK, los.maxElement());
        long[] qts = new long[DEPTH];
        long[] sizes = new long[DEPTH];
        int inFlight = 0;
        long generated = 0;
        int blockUsed = BLOCK;
        QResult r = new QResult();
        while (generated < n || inFlight > 0) {
            while (inFlight < DEPTH && generated < n) {
                if (blockUsed == BLOCK) {
                    random.nextBytes(block);
                    blockUsed = 0;
                }
                int len = (int) Math.min(Math.min(piece, BLOCK - blockUsed), n - generated);
                Sga sga = los.sgaAlloc(len);
                if (sga == null) {
                    break;   // the pool is lent out: wait for a push to complete
                }
                sga.fill(blockSegment, blockUsed, len);
                long qt = los.push(qd, sga);
                los.sgaFree(sga);
                if (qt < 0) {
                    return "push refused: " + Errno.name((int) -qt);
                }
                sha.update(block, blockUsed, len);
                blockUsed += len;
                generated += len;
                qts[inFlight] = qt;
                sizes[inFlight++] = len;
            }
            if (inFlight == 0) {
                return "no memory for the next element";
            }
            int i = los.waitAny(qts, inFlight, r, timeout);
            if (i < 0) {
                return "no progress for " + timeoutSeconds + " s (" + Errno.name(-i) + ")";
            }
            if (!r.ok()) {
                return "push failed: " + Errno.name(r.ret());
            }
            done[0] += sizes[i];
            qts[i] = qts[--inFlight];
            sizes[i] = sizes[inFlight];
        }
        long close = los.asyncClose(qd);
        if (close < 0 || los.wait(close, r, timeout) != Errno.OK) {
            return "the close did not complete (the peer did not acknowledge everything)";
        }
        return null;
    }

    /** Pops until N bytes arrived (then closes) or the stream ends. */
    private String receive(LibOS los, int qd, long n, MessageDigest sha, long timeout, long[] done) {
        byte[] copy = new byte[BLOCK];
        QResult r = new QResult();
        while (done[0] < n) {
            long qt = los.pop(qd);
            if (qt < 0) {
                return "pop refused: " + Errno.name((int) -qt);
            }
            int rc = los.wait(qt, r, timeout);
            if (rc != Errno.OK) {
                return "no data for " + timeoutSeconds + " s after " + done[0] + " of " + n + " bytes";
            }
            if (!r.ok()) {
                return "the connection failed after " + done[0] + " of " + n + " bytes: " + Errno.name(r.ret());
            }
            Sga sga = r.sga();
            if (sga.segmentCount() == 0) {
                los.sgaFree(sga);
                return "the stream ended after " + done[0] + " of " + n + " bytes";
            }
            for (int s = 0; s < sga.segmentCount() && done[0] < n; s++) {
                PacketBuffer b = sga.buffer(s);
                int at = 0;
                while (at < b.length() && done[0] < n) {
                    int len = (int) Math.min(Math.min(copy.length, b.length() - at), n - done[0]);
                    MemorySegment.copy(b.segment(), ValueLayout.JAVA_BYTE, b.start() + at, copy, 0, len);
                    sha.update(copy, 0, len);
                    at += len;
                    done[0] += len;
                }
            }
            los.sgaFree(sga);
        }
        los.close(qd);
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
