package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.rdma.RdmaPair.await;
import static org.margay.rdma.RdmaPair.pattern;
import static org.margay.rdma.RdmaPair.pop;
import static org.margay.rdma.RdmaPair.push;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.SocketOption;

/**
 * Closing an RDMA STREAM queue, mapped onto PDPIX {@code close}/{@code asyncClose} as TCP's FIN exchange is: both
 * sides see a clean end of stream, sends in flight complete or fail with a named error, and after the exchange
 * neither device holds a queue pair or connection-manager id of the connection ({@link RdmaPair} checks at the end
 * that the library OSes released every queue pair, memory region, domain and completion queue before closing).
 * Virtual clock: the close timeouts cost no real time.
 */
class RdmaCloseTest {
    private static final int POLLS = 200;

    private static void poll(RdmaPair p) {
        for (int i = 0; i < POLLS; i++) {
            p.client.poll();
        }
    }

    private static QResult eof(RdmaLibOS los, int qd) {
        QResult r = await(los, los.pop(qd));
        assertEquals(Opcode.POP, r.opcode(), () -> "end of stream pops: " + r);
        assertEquals(0, r.sga().segmentCount(), "end of stream is an empty element");
        los.sgaFree(r.sga());
        return r;
    }

    @Test
    void aTwoWayCloseEndsBothStreamsCleanlyAndReleasesBothQueuePairs() {
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "4")) {
            RdmaPair.Connection c = p.connect();
            assertEquals(1, p.clientDevice.liveQueuePairs());
            assertEquals(1, p.serverDevice.liveQueuePairs());
            for (int i = 0; i < 3; i++) {
                push(p.client, c.client(), pattern(700, i));
            }
            long clientClose = p.client.asyncClose(c.client());
            poll(p);
            assertFalse(p.client.isDone(clientClose), "the closer waits for the peer's FIN, as TCP waits in FIN-WAIT-2");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pattern(700, i), pop(p.server, c.server()), "pushed before the close, delivered");
            }
            eof(p.server, c.server());
            eof(p.server, c.server());      // and again: the end of a stream stays the end
            // The peer may still send until it closes: the closer takes it (and returns the credits), so it completes.
            long late = push(p.server, c.server(), pattern(300, 9));
            assertEquals(Opcode.PUSH, await(p.server, late).opcode(), "a send to a closing peer completes");
            QResult serverClosed = await(p.server, p.server.asyncClose(c.server()));
            assertEquals(Opcode.CLOSE, serverClosed.opcode(), () -> "server: " + serverClosed);
            QResult clientClosed = await(p.client, clientClose);
            assertEquals(Opcode.CLOSE, clientClosed.opcode(), () -> "client: " + clientClosed);
            assertEquals(c.client(), clientClosed.qd());
            assertEquals(0, p.clientDevice.liveQueuePairs(), "client queue pair destroyed when its close completed");
            assertEquals(0, p.serverDevice.liveQueuePairs(), "server queue pair destroyed when its close completed");
            assertEquals(0, p.clientDevice.liveCmIds(), "client id destroyed");
            assertEquals(1, p.serverDevice.liveCmIds(), "only the listener's id is left");
            assertEquals(0, p.client.endpoints());
            assertEquals(0, p.server.endpoints());
            assertEquals(0, p.fabric.rnrNaks(), "credits kept flowing through the close");
        }
    }

    @Test
    void aSimultaneousCloseCompletesOnBothSides() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            long a = p.client.asyncClose(c.client());
            long b = p.server.asyncClose(c.server());
            assertEquals(Opcode.CLOSE, await(p.client, a).opcode());
            assertEquals(Opcode.CLOSE, await(p.server, b).opcode());
            assertEquals(0, p.clientDevice.liveQueuePairs() + p.serverDevice.liveQueuePairs());
        }
    }

    @Test
    void sendsInFlightTowardsAClosingPeerCompleteAndItsFinStillArrives() {
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "4")) {
            RdmaPair.Connection c = p.connect();
            long[] pushes = new long[40];
            for (int i = 0; i < pushes.length; i++) {
                pushes[i] = push(p.server, c.server(), pattern(5000, i));   // far more than the client's window
            }
            long close = p.client.asyncClose(c.client());
            for (long qt : pushes) {
                assertEquals(Opcode.PUSH, await(p.server, qt).opcode(), "delivered to the closed side, which discards it");
            }
            eof(p.server, c.server());
            p.server.close(c.server());
            assertEquals(Opcode.CLOSE, await(p.client, close).opcode());
            assertEquals(0, p.fabric.rnrNaks(), "the closing side kept returning credits");
        }
    }

    @Test
    void aPeerThatNeverClosesIsDisconnectedAfterTheCloseTimeoutAndKeepsItsCleanEnd() {
        try (RdmaPair p = new RdmaPair("rdma.close-timeout", "300ms")) {
            RdmaPair.Connection c = p.connect();
            push(p.client, c.client(), pattern(100, 1));
            long close = p.client.asyncClose(c.client());
            QResult closed = await(p.client, close);
            assertEquals(Opcode.CLOSE, closed.opcode(), "FIN was delivered: the close succeeded, only the peer lingered");
            assertEquals(0, p.clientDevice.liveQueuePairs());
            assertArrayEquals(pattern(100, 1), pop(p.server, c.server()));
            eof(p.server, c.server());
            QResult refused = await(p.server, push(p.server, c.server(), pattern(10, 2)));
            assertEquals(Opcode.FAILED, refused.opcode());
            assertEquals(Errno.EPIPE, refused.ret(), "nobody is left to receive: the sending side is shut down");
            eof(p.server, c.server());
            p.server.close(c.server());
            poll(p);
            assertEquals(0, p.serverDevice.liveQueuePairs());
        }
    }

    @Test
    void anAbortiveCloseFailsThePeersSendsInFlightAndResetsItsStream() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            p.fabric.discardReceives(RdmaPair.CLIENT);      // the server's next SEND waits at an RNR NAK
            long stuck = push(p.server, c.server(), pattern(1000, 1));
            long serverPop = p.server.pop(c.server());
            poll(p);
            assertFalse(p.server.isDone(stuck));
            p.client.setsockopt(c.client(), SocketOption.SO_LINGER, 0);
            assertEquals(Opcode.CLOSE, await(p.client, p.client.asyncClose(c.client())).opcode(), "SO_LINGER 0 closes at once");
            QResult failed = await(p.server, stuck);
            assertEquals(Opcode.FAILED, failed.opcode());
            // Flushed when the disconnect request is processed (ECONNRESET), or, when the retry of the RNR NAK meets the
            // peer's queue pair in ERR first, retries exhausted (ETIMEDOUT); the in-process device has no timing, so
            // the retry wins here. Either way a named connection error, never a hang or a success.
            assertTrue(failed.ret() == Errno.ECONNRESET || failed.ret() == Errno.ETIMEDOUT, () -> "send in flight: " + failed);
            QResult popped = await(p.server, serverPop);
            assertEquals(Opcode.FAILED, popped.opcode(), "no FIN: no clean end of stream");
            assertEquals(failed.ret(), popped.ret(), "the pop reports the same break as the push");
            p.server.close(c.server());
            poll(p);
            assertEquals(0, p.clientDevice.liveQueuePairs() + p.serverDevice.liveQueuePairs());
        }
    }

    @Test
    void closingWithReceivedDataUnreadResetsThePeer() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            await(p.server, push(p.server, c.server(), pattern(200, 1)));
            long serverPop = p.server.pop(c.server());
            QResult closed = await(p.client, p.client.asyncClose(c.client()));
            assertEquals(Opcode.CLOSE, closed.opcode(), "the application chose to drop what it never read");
            assertEquals(Errno.ECONNRESET, await(p.server, serverPop).ret(), "RFC 1122 §4.2.2.13: unread data resets");
            p.server.close(c.server());
        }
    }

    @Test
    void aCloseWhoseFinCannotBeDeliveredFailsWithTimedOut() {
        try (RdmaPair p = new RdmaPair("rdma.close-timeout", "200ms")) {
            RdmaPair.Connection c = p.connect();
            p.fabric.discardReceives(RdmaPair.SERVER);      // nothing reaches the server: data and FIN wait at RNR
            long pushed = push(p.client, c.client(), pattern(100, 1));
            QResult closed = await(p.client, p.client.asyncClose(c.client()));
            assertEquals(Opcode.FAILED, closed.opcode());
            assertEquals(Errno.ETIMEDOUT, closed.ret(), "FIN never got through within rdma.close-timeout");
            assertEquals(Errno.ECANCELED, await(p.client, pushed).ret(), "the push was pending when its queue closed");
            assertEquals(0, p.clientDevice.liveQueuePairs(), "released all the same");
            assertEquals(Errno.ECONNRESET, await(p.server, p.server.pop(c.server())).ret(), "the server sees a reset");
            p.server.close(c.server());
        }
    }

    @Test
    void closingABrokenConnectionCompletesAndReleasesIt() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            p.fabric.failQueuePairs(RdmaPair.SERVER);
            QResult failed = await(p.client, push(p.client, c.client(), pattern(10, 1)));
            assertEquals(Errno.ETIMEDOUT, failed.ret());
            assertEquals(Opcode.CLOSE, await(p.client, p.client.asyncClose(c.client())).opcode(),
                    "the error was reported on the push; closing what is left succeeds");
            assertEquals(Opcode.CLOSE, await(p.server, p.server.asyncClose(c.server())).opcode());
            assertTrue(p.clientDevice.liveQueuePairs() + p.serverDevice.liveQueuePairs() == 0, "no queue pair leaked");
        }
    }
}
