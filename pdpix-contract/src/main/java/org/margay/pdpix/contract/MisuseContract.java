package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * Wrong use of the API, which must give a clear code (data path) or {@link org.margay.pdpix.PdpixException}
 * (control path), never a crash, a hang or a corrupted library OS: stale and foreign qtokens, operations on
 * closed or never-opened descriptors, double close, connection refused, calls on a closed library OS.
 */
public abstract class MisuseContract extends ContractTestBase {

    @Test
    void aConsumedTokenIsStale() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        pushAndWait(client, c.clientQd(), pattern(4, 4));
        QResult r = await(server, pop);
        take(server, r);
        assertEquals(Errno.ESTALE, server.wait(pop, r, 0), "wait on a consumed token");
        assertEquals(-Errno.ESTALE, server.waitAny(new long[] {pop}, 1, r, 0));
        assertEquals(Errno.ESTALE, server.waitAll(new long[] {pop}, 1, new QResult[] {r}, 0));
        // The slot is reused by later operations: the old token must still be stale, not someone else's.
        long[] more = new long[8];
        for (int i = 0; i < more.length; i++) {
            more[i] = server.pop(c.serverQd());
        }
        assertEquals(Errno.ESTALE, server.wait(pop, r, 0), "still stale after its slot was reused");
        server.close(c.serverQd());
        for (long qt : more) {
            assertEquals(Errno.ECANCELED, awaitFailed(server, qt));
        }
        client.close(c.clientQd());
        server.close(c.listenerQd());
    }

    @Test
    void aForeignTokenIsReported() {
        LibOS other = foreignInstance();
        int u = udp(other, 0);
        long foreign = other.pop(u);
        assertTrue(foreign > 0);
        QResult r = new QResult();
        assertEquals(Errno.EXDEV, server.wait(foreign, r, 0), "a token of another instance");
        assertEquals(-Errno.EXDEV, server.waitAny(new long[] {foreign}, 1, r, 0));
        assertEquals(Errno.EXDEV, server.waitAll(new long[] {foreign}, 1, new QResult[] {r}, 0));
        other.close(u);
        assertEquals(Errno.ECANCELED, awaitFailed(other, foreign), "the token is still good where it belongs");
    }

    @Test
    void garbageTokensAreInvalid() {
        QResult r = new QResult();
        assertEquals(Errno.EINVAL, server.wait(0, r, 0));
        assertEquals(Errno.EINVAL, server.wait(-5, r, 0));
        assertEquals(-Errno.EINVAL, server.waitAny(null, 0, r, 0));
        assertEquals(-Errno.EINVAL, server.waitAny(new long[1], 2, r, 0), "count beyond the array");
    }

    @Test
    void pushAndPopOnAClosedQueueAreBadDescriptor() {
        Connection c = connection();
        client.close(c.clientQd());
        Sga sga = element(client, pattern(10, 1));
        assertEquals(-Errno.EBADF, client.push(c.clientQd(), sga), "push on a closed qd");
        assertEquals(-Errno.EBADF, client.pop(c.clientQd()), "pop on a closed qd");
        client.sgaFree(sga);
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void operationsOnNeverOpenedDescriptorsAreBadDescriptor() {
        Sga sga = element(client, pattern(10, 1));
        for (int qd : new int[] {-1, 4321, Integer.MAX_VALUE}) {
            assertEquals(-Errno.EBADF, client.push(qd, sga));
            assertEquals(-Errno.EBADF, client.pushTo(qd, sga, under.serverEndpoint(9)));
            assertEquals(-Errno.EBADF, client.pop(qd));
            assertEquals(-Errno.EBADF, client.accept(qd));
            assertEquals(-Errno.EBADF, client.connect(qd, under.serverEndpoint(9)));
            assertEquals(-Errno.EBADF, client.asyncClose(qd));
            assertEquals(Errno.EBADF, pdpixErrno(() -> client.close(qd)));
            assertEquals(Errno.EBADF, pdpixErrno(() -> client.listen(qd, 1)));
            assertEquals(Errno.EBADF, pdpixErrno(() -> client.getsockname(qd)));
        }
        client.sgaFree(sga);
    }

    @Test
    void closingTwiceIsBadDescriptor() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.close(qd);
        assertEquals(Errno.EBADF, pdpixErrno(() -> server.close(qd)), "double close");
        assertEquals(-Errno.EBADF, server.asyncClose(qd), "asyncClose after close");
        Connection c = connection();
        awaitOk(client, client.asyncClose(c.clientQd()), Opcode.CLOSE);
        assertEquals(Errno.EBADF, pdpixErrno(() -> client.close(c.clientQd())), "close after asyncClose");
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void connectingToAPortWithNoListenerIsRefused() {
        int port = unusedPort();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        long connect = client.connect(c, under.serverEndpoint(port));
        assertEquals(Errno.ECONNREFUSED, startedAndFailed(client, connect));
        client.close(c);
    }

    @Test
    void aRefusedQueueCanBeClosedAndTheLibOSGoesOn() {
        int c = client.socket(Domain.INET, SocketType.STREAM);
        assertEquals(Errno.ECONNREFUSED, startedAndFailed(client, client.connect(c, under.serverEndpoint(unusedPort()))));
        client.close(c);
        Connection ok = connection();
        assertCrossesAsOneElement(client, ok.clientQd(), server, ok.serverQd(), pattern(100, 1));
        client.close(ok.clientQd());
        server.close(ok.serverQd());
        server.close(ok.listenerQd());
    }

    @Test
    void acceptOnAQueueThatIsNotListeningFails() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(0));
        int errno = startedAndFailed(server, server.accept(qd));
        assertTrue(errno != Errno.OK, "accept needs a listener");
        int u = udp(server, under.serverAddress());
        assertTrue(startedAndFailed(server, server.accept(u)) != Errno.OK, "accept on UDP");
        server.close(qd);
        server.close(u);
    }

    @Test
    void connectOnAListenerFails() {
        int l = listener();
        assertTrue(startedAndFailed(server, server.connect(l, under.serverEndpoint(port(server, l)))) != Errno.OK);
        server.close(l);
    }

    @Test
    void pushOnAnUnconnectedStreamFails() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        Sga sga = element(client, pattern(3, 3));
        int errno = startedAndFailed(client, client.push(qd, sga));
        client.sgaFree(sga);
        assertTrue(errno == Errno.ENOTCONN || errno == Errno.EPIPE, () -> "push before connect: " + Errno.name(errno));
        client.close(qd);
    }

    @Test
    void pushingAFreedElementIsInvalid() {
        Connection c = connection();
        Sga sga = element(client, pattern(3, 3));
        client.sgaFree(sga);
        assertEquals(-Errno.EINVAL, client.push(c.clientQd(), sga));
        client.close(c.clientQd());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void aClosedLibOSRefusesEverything() {
        LibOS other = foreignInstance();
        int qd = other.socket(Domain.INET, SocketType.DGRAM);
        other.close();
        other.close();   // closing twice is harmless
        assertEquals(Errno.EBADF, pdpixErrno(() -> other.socket(Domain.INET, SocketType.DGRAM)));
        assertEquals(Errno.EBADF, pdpixErrno(() -> other.close(qd)));
        assertEquals(-Errno.EBADF, other.pop(qd));
        assertTrue(QTokens.isError(other.asyncClose(qd)));
    }

    private LibOS foreignInstance() {
        LibOS other = under.openIndependent();
        Assumptions.assumeTrue(other != null, () -> under.name() + " cannot open an independent instance");
        return other;
    }
}
