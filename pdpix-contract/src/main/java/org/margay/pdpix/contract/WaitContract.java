package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;

/**
 * The waits: {@code wait} with and without a time limit (ETIMEDOUT keeps the token valid), {@code waitAny} over a
 * mix of TCP and UDP queues, {@code waitAll}, {@code waitNext}, {@code blockingPush} and {@code blockingPop}.
 * No check here measures time: only what each wait returns.
 */
public abstract class WaitContract extends ContractTestBase {

    @Test
    void aTimedOutWaitKeepsTheTokenValid() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        QResult r = new QResult();
        for (int i = 0; i < 3; i++) {
            assertEquals(Errno.ETIMEDOUT, server.wait(pop, r, under.shortWaitNanos()), "nothing to pop yet");
        }
        assertEquals(Errno.ETIMEDOUT, server.wait(pop, r, 0), "a zero timeout only looks");
        pushAndWait(client, c.clientQd(), pattern(12, 1));
        assertEquals(Errno.OK, server.wait(pop, r, under.patienceNanos()), "the same token completes later");
        assertArrayEquals(pattern(12, 1), take(server, r));
        closeAll(c);
    }

    @Test
    void waitForeverReturnsWhenTheOperationCompletes() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        pushAndWait(client, c.clientQd(), pattern(3, 3));
        QResult r = new QResult();
        assertEquals(Errno.OK, server.wait(pop, r, LibOS.FOREVER));
        assertArrayEquals(pattern(3, 3), take(server, r));
        assertEquals(Errno.OK, client.wait(client.asyncClose(c.clientQd()), r));
        assertEquals(Opcode.CLOSE, r.opcode());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void waitAnyOverTcpAndUdpQueues() {
        Connection tcp = connection();
        int udpServer = udp(server, under.serverAddress());
        int udpClient = udp(client, under.clientAddress());
        long[] qts = {server.pop(tcp.serverQd()), server.pop(udpServer)};
        QResult r = new QResult();
        assertEquals(-Errno.ETIMEDOUT, server.waitAny(qts, 2, r, under.shortWaitNanos()), "nothing yet");

        Sga datagram = element(client, pattern(40, 1));
        awaitOk(client, client.pushTo(udpClient, datagram, under.serverEndpoint(port(server, udpServer))), Opcode.PUSH);
        client.sgaFree(datagram);
        assertEquals(1, server.waitAny(qts, 2, r, under.patienceNanos()), "the UDP pop completes first");
        assertEquals(udpServer, r.qd());
        assertArrayEquals(pattern(40, 1), take(server, r));

        pushAndWait(client, tcp.clientQd(), pattern(41, 2));
        assertEquals(0, server.waitAny(qts, 1, r, under.patienceNanos()), "then the TCP pop");
        assertEquals(tcp.serverQd(), r.qd());
        assertArrayEquals(pattern(41, 2), take(server, r));
        assertEquals(-Errno.ESTALE, server.waitAny(qts, 2, r, 0), "both tokens are consumed now");
        client.close(udpClient);
        server.close(udpServer);
        closeAll(tcp);
    }

    @Test
    void waitAnyPrefersTheLowestCompletedIndex() {
        int a = udp(server, under.serverAddress());
        int b = udp(server, under.serverAddress());
        long[] qts = {server.pop(b), server.pop(a)};
        // Closing a queue completes its pending pop at once (FAILED, ECANCELED): both are done before the wait.
        server.close(a);
        server.close(b);
        QResult r = new QResult();
        assertEquals(0, server.waitAny(qts, 2, r, under.patienceNanos()), "the lowest index wins");
        assertEquals(b, r.qd());
        assertEquals(Errno.ECANCELED, r.ret());
        assertEquals(-Errno.ESTALE, server.waitAny(qts, 2, r, 0), "a consumed token among them is reported");
        assertEquals(0, server.waitAny(new long[] {qts[1]}, 1, r, under.patienceNanos()));
        assertEquals(a, r.qd());
    }

    @Test
    void waitAllFillsResultsInTokenOrder() {
        Connection c = connection();
        int udpServer = udp(server, under.serverAddress());
        int udpClient = udp(client, under.clientAddress());
        long[] qts = {server.pop(udpServer), server.pop(c.serverQd())};
        QResult[] rs = {new QResult(), new QResult()};
        assertEquals(Errno.ETIMEDOUT, server.waitAll(qts, 2, rs, under.shortWaitNanos()), "nothing yet");
        pushAndWait(client, c.clientQd(), pattern(7, 7));
        assertEquals(Errno.ETIMEDOUT, server.waitAll(qts, 2, rs, under.shortWaitNanos()), "only one is done");
        Sga datagram = element(client, pattern(8, 8));
        awaitOk(client, client.pushTo(udpClient, datagram, under.serverEndpoint(port(server, udpServer))), Opcode.PUSH);
        client.sgaFree(datagram);
        assertEquals(Errno.OK, server.waitAll(qts, 2, rs, under.patienceNanos()));
        assertEquals(udpServer, rs[0].qd());
        assertArrayEquals(pattern(8, 8), take(server, rs[0]));
        assertEquals(c.serverQd(), rs[1].qd());
        assertArrayEquals(pattern(7, 7), take(server, rs[1]));
        assertEquals(Errno.ESTALE, server.waitAll(qts, 2, rs, 0), "every token was consumed");
        client.close(udpClient);
        server.close(udpServer);
        closeAll(c);
    }

    @Test
    void waitNextReportsCompletionsInOrder() {
        Connection c = connection();
        long[] pushes = new long[4];
        for (int i = 0; i < pushes.length; i++) {
            Sga sga = element(client, pattern(10 + i, i));
            pushes[i] = client.push(c.clientQd(), sga);
            client.sgaFree(sga);
        }
        List<Long> seen = new ArrayList<>();
        QResult[] results = {new QResult(), new QResult(), new QResult()};
        while (seen.size() < pushes.length) {
            int n = client.waitNext(results, under.patienceNanos());
            assertTrue(n >= 1 && n <= results.length, () -> "waitNext returned " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(Opcode.PUSH, results[i].opcode(), results[i]::toString);
                seen.add(results[i].qt());
            }
        }
        assertEquals(List.of(pushes[0], pushes[1], pushes[2], pushes[3]), seen, "pushes on one queue complete in order");
        for (int i = 0; i < pushes.length; i++) {
            assertArrayEquals(pattern(10 + i, i), popBytes(server, c.serverQd()));
        }
        closeAll(c);
    }

    @Test
    void waitNextTimesOutWithZero() {
        Connection c = connection();
        long pop = client.pop(c.clientQd());
        QResult[] results = {new QResult()};
        assertEquals(0, client.waitNext(results, under.shortWaitNanos()), "the only outstanding token has nothing to pop");
        client.close(c.clientQd());
        assertEquals(Errno.ECANCELED, awaitFailed(client, pop), "close cancels the pending pop");
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void blockingPushAndPop() {
        Connection c = connection();
        Sga sga = element(client, pattern(2000, 1));
        assertEquals(Errno.OK, client.blockingPush(c.clientQd(), sga, under.patienceNanos()));
        client.sgaFree(sga);
        QResult r = new QResult();
        assertEquals(Errno.OK, server.blockingPop(c.serverQd(), r, under.patienceNanos()));
        assertArrayEquals(pattern(2000, 1), take(server, r));
        closeAll(c);
    }

    @Test
    void aTimedOutBlockingPopLosesNoData() {
        Connection c = connection();
        QResult r = new QResult();
        assertEquals(Errno.ETIMEDOUT, server.blockingPop(c.serverQd(), r, under.shortWaitNanos()));
        pushAndWait(client, c.clientQd(), pattern(77, 7));
        assertEquals(Errno.OK, server.blockingPop(c.serverQd(), r, under.patienceNanos()));
        assertArrayEquals(pattern(77, 7), take(server, r), "the element after a timed-out pop is not lost");
        closeAll(c);
    }

    @Test
    void blockingPopReportsEndOfStream() {
        Connection c = connection();
        client.close(c.clientQd());
        QResult r = new QResult();
        assertEquals(Errno.OK, server.blockingPop(c.serverQd(), r, under.patienceNanos()));
        assertEquals(0, r.sga().segmentCount());
        server.sgaFree(r.sga());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void blockingCallsOnABadDescriptorFailAtOnce() {
        Sga sga = element(client, pattern(4, 4));
        assertEquals(Errno.EBADF, client.blockingPush(9999, sga, under.patienceNanos()));
        client.sgaFree(sga);
        assertEquals(Errno.EBADF, client.blockingPop(9999, new QResult(), under.patienceNanos()));
    }

    /** Closes both ends and the listener. */
    private void closeAll(Connection c) {
        client.close(c.clientQd());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }
}
