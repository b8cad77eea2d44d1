package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * A {@link KernelLibOS} for one test, with short-hands for the usual steps and a leak check on close: every
 * element given back, every buffer back in the pool (with allocation sites in the report).
 */
final class Kernel implements AutoCloseable {
    /** How long a test waits for something that should happen at once on loopback. */
    static final long PATIENCE = 10_000_000_000L;
    static final InetEndpoint LOOPBACK_ANY_PORT = InetEndpoint.of("127.0.0.1", 0);

    final KernelLibOS os;
    final QResult result = new QResult();

    private Kernel(KernelLibOS os) {
        this.os = os;
    }

    /** A library OS with 128 buffers of 64 KiB, leak tracking, and {@code keyValues} on top. */
    static Kernel open(String... keyValues) {
        List<String> kv = new ArrayList<>(List.of(KernelConfig.BUFFERS, "128", KernelConfig.TRACK_LEAKS, "true"));
        kv.addAll(List.of(keyValues));
        return new Kernel(KernelLibOS.open(LibOSConfig.of(KernelLibOS.NAME, kv.toArray(String[]::new))));
    }

    /** Waits for {@code qt} and returns the (shared) result. */
    QResult await(long qt) {
        assertTrue(qt > 0, () -> "expected a qtoken, got " + QTokens.toString(qt));
        int err = os.wait(qt, result, PATIENCE);
        assertEquals(Errno.OK, err, () -> "wait: " + Errno.name(err));
        return result;
    }

    /** Waits for {@code qt} and checks it succeeded with {@code opcode}. */
    QResult ok(long qt, Opcode opcode) {
        QResult r = await(qt);
        assertEquals(opcode, r.opcode(), () -> "result " + r);
        return r;
    }

    /** Waits for {@code qt} and checks it failed with {@code errno}. */
    QResult failed(long qt, Opcode what, int errno) {
        QResult r = await(qt);
        assertEquals(Opcode.FAILED, r.opcode(), () -> "expected FAILED " + Errno.name(errno) + ", got " + r);
        assertEquals(what, r.failedOpcode());
        assertEquals(Errno.name(errno), Errno.name(r.ret()));
        return r;
    }

    /** An element holding {@code bytes}. */
    Sga element(byte[] bytes) {
        Sga sga = os.sgaAlloc(bytes.length);
        assertTrue(sga != null, "sgaAlloc(" + bytes.length + ")");
        return sga.fill(bytes);
    }

    /** Pushes {@code bytes} as one element and waits for the push. */
    void push(int qd, byte[] bytes) {
        Sga sga = element(bytes);
        long qt = os.push(qd, sga);
        assertEquals(Errno.OK, os.sgaFree(sga));     // free-protection: safe at once
        ok(qt, Opcode.PUSH);
    }

    /** Pops one element and returns its bytes (the element is given back). */
    byte[] pop(int qd) {
        QResult r = ok(os.pop(qd), Opcode.POP);
        byte[] bytes = r.sga().toByteArray();
        assertEquals(Errno.OK, os.sgaFree(r.sga()));
        return bytes;
    }

    /** Pops until {@code expected.length} bytes arrived (raw stream) and checks them. */
    void popStream(int qd, byte[] expected) {
        byte[] got = new byte[expected.length];
        int at = 0;
        while (at < expected.length) {
            byte[] piece = pop(qd);
            assertTrue(piece.length > 0, "end of stream after " + at + " of " + expected.length + " bytes");
            System.arraycopy(piece, 0, got, at, piece.length);
            at += piece.length;
        }
        assertArrayEquals(expected, got);
    }

    /** A TCP listener on 127.0.0.1 with an ephemeral port. */
    int listener() {
        int qd = os.socket(Domain.INET, SocketType.STREAM);
        os.bind(qd, LOOPBACK_ANY_PORT);
        os.listen(qd, 16);
        return qd;
    }

    /** Connects a new queue to {@code listener} and accepts it: {client, server}. */
    int[] pair(int listener) {
        int client = os.socket(Domain.INET, SocketType.STREAM);
        long connect = os.connect(client, os.getsockname(listener));
        long accept = os.accept(listener);
        QResult[] rs = {new QResult(), new QResult()};
        assertEquals(Errno.OK, os.waitAll(new long[] {connect, accept}, 2, rs, PATIENCE));
        assertEquals(Opcode.CONNECT, rs[0].opcode(), rs[0]::toString);
        assertEquals(Opcode.ACCEPT, rs[1].opcode(), rs[1]::toString);
        return new int[] {client, rs[1].acceptedQd()};
    }

    /** A UDP queue bound to 127.0.0.1 with an ephemeral port. */
    int udp() {
        int qd = os.socket(Domain.INET, SocketType.DGRAM);
        os.bind(qd, LOOPBACK_ANY_PORT);
        return qd;
    }

    /** Bytes 0..n-1 of a deterministic pattern. */
    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) (x >>> 16);
        }
        return b;
    }

    /** Closes the library OS and fails on any element or buffer still out. */
    @Override
    public void close() {
        int elements = os.sgaPool().outstanding();
        os.close();
        assertEquals(0, elements, "elements not given back before close");
        os.buffers().assertNoLeaks();
    }
}
