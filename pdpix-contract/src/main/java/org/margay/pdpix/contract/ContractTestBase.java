package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.AbstractLibOS;

/**
 * What every contract class shares: a fresh {@link LibOSUnderTest} per test, the element leak check after it,
 * and the small steps tests are made of (a listener, a connection, one element across, a wait that must succeed).
 *
 * <p>Tests always start a pop <em>before</em> waiting on the push that feeds it, so a library OS that reads its
 * stream only for pending pops still completes large elements. A library OS that cannot do something the
 * contract asks (an option, a queue type, an element size) makes the test skip through a JUnit assumption that
 * says why; it never passes silently.
 *
 * <p>Test code (cold path): allocation and exceptions are fine here.
 */
public abstract class ContractTestBase {
    /** The library OS under test, fresh for each test. */
    protected LibOSUnderTest under;
    /** {@code under.server()}. */
    protected LibOS server;
    /** {@code under.client()}; may be the same object as {@link #server}. */
    protected LibOS client;

    /** A fresh library OS (pair) for one test; the suite closes it after the test. */
    protected abstract LibOSUnderTest openLibOS();

    @BeforeEach
    final void openUnderTest() {
        under = openLibOS();
        server = under.server();
        client = under.client();
    }

    /**
     * Closes the library OS and checks that closing returned every element: each test frees what it popped and
     * allocated, and a library OS frees what it held for pending pushes and partly read elements.
     */
    @AfterEach
    final void closeUnderTest() {
        if (under == null) {
            return;
        }
        List<AbstractLibOS> checked = new ArrayList<>();
        for (LibOS los : new LibOS[] {server, client}) {
            if (los instanceof AbstractLibOS a && !checked.contains(a)) {
                checked.add(a);
            }
        }
        under.close();
        for (AbstractLibOS a : checked) {
            assertEquals(0, a.sgaPool().outstanding(),
                    () -> a.name() + ": elements still out after the test and close (a leak in the test or the library OS)");
        }
    }

    // ------------------------------------------------------------------ waiting

    /** Waits for {@code qt} on {@code los} (the instance that made it) and returns the result; fails on a bad token. */
    protected final QResult await(LibOS los, long qt) {
        assertTrue(qt > 0, () -> "expected a qtoken, got " + QTokens.toString(qt) + " (" + Errno.describe(QTokens.errno(qt)) + ")");
        QResult r = new QResult();
        int err = los.wait(qt, r, under.patienceNanos());
        assertEquals(Errno.OK, err, () -> "wait(" + QTokens.toString(qt) + ") on " + los.name() + " returned " + Errno.name(err));
        return r;
    }

    /** Waits for {@code qt} and checks that it completed with {@code expected}. */
    protected final QResult awaitOk(LibOS los, long qt, Opcode expected) {
        QResult r = await(los, qt);
        assertEquals(expected, r.opcode(), () -> "expected " + expected + ", got " + r);
        assertEquals(Errno.OK, r.ret(), () -> "ret of " + r);
        return r;
    }

    /** Waits for {@code qt} and checks that it FAILED; returns the errno. */
    protected final int awaitFailed(LibOS los, long qt) {
        QResult r = await(los, qt);
        assertEquals(Opcode.FAILED, r.opcode(), () -> "expected a failure, got " + r);
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
        return r.ret();
    }

    /** Asserts that an operation either could not start ({@code -errno}) or completed FAILED; returns the errno. */
    protected final int startedAndFailed(LibOS los, long qt) {
        if (qt < 0) {
            return QTokens.errno(qt);
        }
        return awaitFailed(los, qt);
    }

    // ------------------------------------------------------------------ elements

    /** A {@code size}-byte pattern that differs for each seed and position. */
    protected static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        int x = seed * 0x9E3779B1 + 0x7F4A7C15;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) x;
        }
        return b;
    }

    /** An element of {@code los} holding {@code bytes}; skips the test when the library OS cannot hold that size. */
    protected final Sga element(LibOS los, byte[] bytes) {
        assumeElementSize(los, bytes.length);
        Sga sga = los.sgaAlloc(bytes.length);
        assertNotNull(sga, () -> los.name() + ": sgaAlloc(" + bytes.length + ") failed below maxElement " + los.maxElement());
        assertEquals(bytes.length, sga.totalLength());
        return sga.fill(bytes);
    }

    /** Skips the test when {@code size} exceeds what {@code los} can hold in one element. */
    protected static void assumeElementSize(LibOS los, long size) {
        Assumptions.assumeTrue(size <= los.maxElement(),
                () -> los.name() + " holds elements of at most " + los.maxElement() + " bytes; this check needs " + size);
    }

    /** Copies a popped element's bytes, frees it, and returns the copy. */
    protected static byte[] take(LibOS los, QResult popped) {
        assertEquals(Opcode.POP, popped.opcode(), () -> "expected POP, got " + popped);
        Sga sga = popped.sga();
        assertNotNull(sga, "a completed pop carries an element");
        byte[] bytes = sga.toByteArray();
        assertEquals(Errno.OK, los.sgaFree(sga), "sgaFree of a popped element");
        return bytes;
    }

    /** Pushes {@code bytes} as one element, frees it at once (free-protection), and waits for the push. */
    protected final void pushAndWait(LibOS los, int qd, byte[] bytes) {
        Sga sga = element(los, bytes);
        long qt = los.push(qd, sga);
        assertEquals(Errno.OK, los.sgaFree(sga));
        awaitOk(los, qt, Opcode.PUSH);
    }

    /** Pops one element from {@code qd}, waiting for it, and returns its bytes. */
    protected final byte[] popBytes(LibOS los, int qd) {
        return take(los, await(los, los.pop(qd)));
    }

    /**
     * Sends {@code bytes} as one element from {@code fromQd} and returns what one pop at {@code toQd} gives: the
     * pop starts first, then the push, then both are awaited.
     */
    protected final byte[] exchange(LibOS from, int fromQd, LibOS to, int toQd, byte[] bytes) {
        Sga sga = element(from, bytes);
        long pop = to.pop(toQd);
        long push = from.push(fromQd, sga);
        assertEquals(Errno.OK, from.sgaFree(sga));
        byte[] got = take(to, await(to, pop));
        awaitOk(from, push, Opcode.PUSH);
        return got;
    }

    /** Checks that {@code bytes} crosses from one queue to another as exactly one element. */
    protected final void assertCrossesAsOneElement(LibOS from, int fromQd, LibOS to, int toQd, byte[] bytes) {
        byte[] got = exchange(from, fromQd, to, toQd, bytes);
        assertEquals(bytes.length, got.length, "one pop gives the whole element");
        assertArrayEquals(bytes, got, "the element's bytes");
    }

    // ------------------------------------------------------------------ queues

    /** A server TCP queue bound to an ephemeral port of the server's address, listening. */
    protected final int listener() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(0));
        server.listen(qd, 16);
        return qd;
    }

    /** The port {@code qd} is bound to. */
    protected static int port(LibOS los, int qd) {
        int port = los.getsockname(qd).port();
        assertTrue(port > 0, () -> "getsockname of a bound queue gives its port, got " + port);
        return port;
    }

    /** Both ends of one TCP connection. */
    protected record Connection(int listenerQd, int clientQd, int serverQd) {
    }

    /** A client connection to {@code listenerQd}, accepted; {@code clientQd} is a fresh STREAM queue. */
    protected final Connection connect(int listenerQd, int clientQd) {
        long accept = server.accept(listenerQd);
        long connect = client.connect(clientQd, under.serverEndpoint(port(server, listenerQd)));
        awaitOk(client, connect, Opcode.CONNECT);
        QResult accepted = awaitOk(server, accept, Opcode.ACCEPT);
        assertTrue(accepted.acceptedQd() >= 0, () -> "ACCEPT carries the new queue: " + accepted);
        return new Connection(listenerQd, clientQd, accepted.acceptedQd());
    }

    /** A fresh listener and one accepted connection to it. */
    protected final Connection connection() {
        int l = listener();
        return connect(l, client.socket(Domain.INET, SocketType.STREAM));
    }

    /** A UDP queue of {@code los} bound to an ephemeral port of {@code address}. */
    protected static int udp(LibOS los, int address) {
        int qd = los.socket(Domain.INET, SocketType.DGRAM);
        los.bind(qd, new InetEndpoint(address, 0));
        return qd;
    }

    /** A port that nothing listens on: bound by a queue that is closed again. */
    protected final int unusedPort() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(0));
        int port = port(server, qd);
        server.close(qd);
        return port;
    }

    // ------------------------------------------------------------------ capabilities

    /**
     * Sets {@code option} on {@code qd}. When the library OS says it has no such option ({@link Errno#ENOPROTOOPT}
     * or {@link Errno#EOPNOTSUPP}), the test skips with its reason if the runner allows that refusal
     * ({@link LibOSUnderTest#mayRefuse}), and fails otherwise.
     */
    protected <T> void assumeSetOption(LibOS los, int qd, SocketOption<T> option, T value) {
        try {
            los.setsockopt(qd, option, value);
        } catch (PdpixException e) {
            if (e.errno() == Errno.ENOPROTOOPT || e.errno() == Errno.EOPNOTSUPP) {
                String why = los.name() + " cannot honour " + option + "=" + value + ": " + e.getMessage();
                if (!under.mayRefuse(option)) {
                    throw new AssertionError(why + " (PDPIX requires it of " + under.name() + ")", e);
                }
                Assumptions.abort(why);
            }
            throw e;
        }
    }

    /** Runs {@code call} and returns the errno of the {@link PdpixException} it must throw. */
    protected static int pdpixErrno(Runnable call) {
        try {
            call.run();
        } catch (PdpixException e) {
            return e.errno();
        }
        return fail("expected a PdpixException");
    }
}
