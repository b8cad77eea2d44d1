package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.runtime.PollLoop;
import org.margay.fastpath.time.SystemClock;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** One thread, two library OSes: waits on one drive both; waitAny spans both; virtual time jumps. */
class LibOSGroupTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anEventLoopOverBothSidesTokensWithGroupWaitAny() {
        try (InetLibOSPair p = InetLibOSPair.open(31)) {
            InetLibOS client = p.client();
            InetLibOS server = p.server();
            int lqd = TcpQueueTest.listen(server, 7, 4);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            long[] tokens = {server.accept(lqd), client.connect(qd, InetLibOSPair.serverEndpoint(7))};
            QResult r = new QResult();
            int sqd = -1;
            boolean connected = false;
            while (sqd < 0 || !connected) {
                int i = p.group().waitAny(tokens, 2, r, 5 * SECOND);
                assertTrue(i >= 0, "waitAny: " + Errno.name(-i));
                if (r.opcode() == Opcode.ACCEPT) {
                    sqd = r.acceptedQd();
                    tokens[i] = server.pop(sqd);
                } else {
                    assertEquals(Opcode.CONNECT, r.opcode());
                    connected = true;
                    Sga ping = Bytes.element(client, "ping".getBytes());
                    tokens[i] = client.push(qd, ping);
                    client.sgaFree(ping);
                }
            }
            // The remaining two tokens: the client's push and the server's pop, in either order.
            boolean popped = false;
            boolean pushed = false;
            for (int count = 2; count > 0; count--) {
                int i = p.group().waitAny(tokens, count, r, 5 * SECOND);
                assertTrue(i >= 0);
                if (r.opcode() == Opcode.POP) {
                    assertArrayEquals("ping".getBytes(), r.sga().toByteArray());
                    server.sgaFree(r.sga());
                    popped = true;
                } else {
                    assertEquals(Opcode.PUSH, r.opcode());
                    pushed = true;
                }
                tokens[i] = tokens[count - 1];
            }
            assertTrue(popped && pushed);
            assertEquals(-Errno.EINVAL, p.group().waitAny(new long[] {0}, 1, r, 0));
            long stale = server.pop(sqd);
            server.close(sqd);
            assertEquals(Errno.OK, server.wait(stale, r, 0));
            assertEquals(-Errno.ESTALE, p.group().waitAny(new long[] {stale}, 1, r, 0));
            client.close(qd);
            server.close(lqd);
        }
    }

    @Test
    void aTimeoutOnAVirtualClockJumpsInsteadOfSleeping() {
        try (InetLibOSPair p = InetLibOSPair.open(32)) {
            InetLibOS client = p.client();
            int qd = client.socket(Domain.INET, SocketType.DGRAM);
            long start = p.clock().nanoTime();
            long wall = System.nanoTime();
            QResult r = new QResult();
            assertEquals(Errno.ETIMEDOUT, client.blockingPop(qd, r, 3600 * SECOND));
            assertEquals(3600 * SECOND, p.clock().nanoTime() - start, "exactly the timeout in virtual time");
            assertTrue(System.nanoTime() - wall < 30 * SECOND, "and no hour of real time");
            client.close(qd);
        }
    }

    @Test
    void aPairOnTheSystemClockWorksToo() {
        try (InetLibOSPair p = InetLibOSPair.builder().seed(33).virtualClock(false)
                .config(LibOSConfig.of("inet", LibOSConfig.IDLE, "park:20us")).open()) {
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = TcpQueueTest.connect(p, 7);
            QResult r = new QResult();
            Sga sga = Bytes.element(client, "real time".getBytes());
            assertEquals(Errno.OK, client.blockingPush(qd, sga, 5 * SECOND));
            client.sgaFree(sga);
            assertEquals(Errno.OK, client.blockingPop(qd, r, 5 * SECOND));
            assertArrayEquals("real time".getBytes(), r.sga().toByteArray());
            client.sgaFree(r.sga());
            assertEquals(Errno.ETIMEDOUT, client.blockingPop(qd, r, 20_000_000L), "a real 20 ms timeout");
            p.group().removeAgent(echo);
            client.close(qd);
        }
    }

    @Test
    void aFastpathPollLoopCanHostTheGroup() {
        try (InetLibOSPair p = InetLibOSPair.open(34)) {
            VirtualClock clock = (VirtualClock) p.clock();
            PollLoop loop = PollLoop.virtual(clock, 64, 16);
            loop.addPoller(p.group());
            InetLibOS client = p.client();
            EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            long connect = client.connect(qd, InetLibOSPair.serverEndpoint(7));
            assertTrue(loop.runUntil(() -> client.isDone(connect), clock.nanoTime() + 5 * SECOND));
            QResult r = new QResult();
            assertEquals(Errno.OK, client.wait(connect, r, 0));
            Sga sga = Bytes.element(client, "loop".getBytes());
            long push = client.push(qd, sga);
            client.sgaFree(sga);
            long pop = client.pop(qd);
            assertTrue(loop.runUntil(() -> client.isDone(pop), clock.nanoTime() + 5 * SECOND));
            assertEquals(Errno.OK, client.wait(push, r, 0));
            assertEquals(Errno.OK, client.wait(pop, r, 0));
            assertArrayEquals("loop".getBytes(), r.sga().toByteArray());
            client.sgaFree(r.sga());
            // Idle virtual time: the loop jumps to the group's next deadline (the delayed ACK, say).
            long before = clock.nanoTime();
            loop.runUntil(() -> false, before + 10 * SECOND);
            assertEquals(before + 10 * SECOND, clock.nanoTime());
            p.group().removeAgent(echo);
            client.close(qd);
            loop.close();
        }
    }

    @Test
    void membersMustShareTheGroupsClock() {
        LibOSGroup group = new LibOSGroup(new VirtualClock());
        assertTrue(group.members().isEmpty());
        assertEquals(Long.MAX_VALUE, group.nextDeadline());
        PdpixException e = assertThrows(PdpixException.class,
                () -> LibOSGroup.idleStrategy(LibOSConfig.of("inet", LibOSConfig.IDLE, "doze")));
        assertTrue(e.getMessage().contains("pdpix.idle"), e.getMessage());
        LibOSGroup.idleStrategy(LibOSConfig.of("inet", LibOSConfig.IDLE, "park:20us"));
        assertEquals(SystemClock.INSTANCE, new LibOSGroup(SystemClock.INSTANCE).clock());
    }
}
