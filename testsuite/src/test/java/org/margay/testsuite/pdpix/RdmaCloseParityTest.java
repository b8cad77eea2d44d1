package org.margay.testsuite.pdpix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.contract.ContractTestBase;
import org.margay.pdpix.contract.LibOSUnderTest;

/**
 * Closing a STREAM queue over RDMA means what it means over TCP (issue #7: connection management mapped onto PDPIX
 * {@code close}/{@code asyncClose}): the same close scenarios, written once, give the same results on Margay's TCP
 * stack ({@code inet}) and on the RDMA library OS (in-process verbs device). A two-way close ends both streams
 * cleanly and {@code asyncClose} completes only once the peer has closed too (TCP: FIN-WAIT-2 until the peer's FIN);
 * {@code SO_LINGER} 0 and closing with data unread reset the peer; a peer that never closes does not hold the
 * closer forever. {@link RdmaUnderTest} checks after each test that no queue pair, memory region or connection-manager
 * id was left on either device.
 */
class RdmaCloseParityTest {

    /** The scenarios; each library OS runs them all. */
    abstract static class CloseScenarios extends ContractTestBase {

        private void assertStillPending(LibOS los, long qt, String why) {
            QResult r = new QResult();
            assertEquals(Errno.ETIMEDOUT, los.wait(qt, r, under.shortWaitNanos()), why);
        }

        private void assertEndOfStream(LibOS los, int qd) {
            QResult eof = awaitOk(los, los.pop(qd), Opcode.POP);
            assertEquals(0, eof.sga().segmentCount(), "the end of the stream is an empty element");
            los.sgaFree(eof.sga());
        }

        private void drive() {
            for (int i = 0; i < 200; i++) {
                client.poll();
                server.poll();
            }
        }

        @Test
        void aTwoWayCloseEndsBothStreamsCleanly() {
            Connection c = connection();
            for (int i = 0; i < 3; i++) {
                pushAndWait(client, c.clientQd(), pattern(1000 + i, i));
            }
            long clientClose = client.asyncClose(c.clientQd());
            assertStillPending(client, clientClose, "the closer's asyncClose waits for the peer's close");
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pattern(1000 + i, i), popBytes(server, c.serverQd()), "sent before the close, delivered");
            }
            assertEndOfStream(server, c.serverQd());
            awaitOk(server, server.asyncClose(c.serverQd()), Opcode.CLOSE);
            QResult closed = awaitOk(client, clientClose, Opcode.CLOSE);
            assertEquals(c.clientQd(), closed.qd());
            server.close(c.listenerQd());
        }

        @Test
        void aSimultaneousCloseCompletesOnBothSides() {
            Connection c = connection();
            long a = client.asyncClose(c.clientQd());
            long b = server.asyncClose(c.serverQd());
            awaitOk(client, a, Opcode.CLOSE);
            awaitOk(server, b, Opcode.CLOSE);
            server.close(c.listenerQd());
        }

        @Test
        void aPushAfterThePeersCloseCompletesOrFailsWithANamedError() {
            Connection c = connection();
            long clientClose = client.asyncClose(c.clientQd());
            assertEndOfStream(server, c.serverQd());
            Sga sga = element(server, pattern(64, 1));
            long push = server.push(c.serverQd(), sga);
            server.sgaFree(sga);
            QResult r = await(server, push);
            assertTrue(r.opcode() == Opcode.PUSH || r.ret() == Errno.EPIPE || r.ret() == Errno.ECONNRESET, () -> "push: " + r);
            awaitOk(server, server.asyncClose(c.serverQd()), Opcode.CLOSE);
            awaitOk(client, clientClose, Opcode.CLOSE);
            server.close(c.listenerQd());
        }

        @Test
        void lingerZeroResetsThePeer() {
            Connection c = connection();
            long serverPop = server.pop(c.serverQd());
            client.setsockopt(c.clientQd(), SocketOption.SO_LINGER, 0);
            awaitOk(client, client.asyncClose(c.clientQd()), Opcode.CLOSE);
            assertEquals(Errno.ECONNRESET, awaitFailed(server, serverPop), "an abortive close is a reset");
            server.close(c.serverQd());
            server.close(c.listenerQd());
        }

        @Test
        void closingWithDataUnreadResetsThePeer() {
            Connection c = connection();
            pushAndWait(server, c.serverQd(), pattern(300, 2));
            drive();        // the element reaches the client, which never pops it
            long serverPop = server.pop(c.serverQd());
            client.close(c.clientQd());
            assertEquals(Errno.ECONNRESET, awaitFailed(server, serverPop), "RFC 1122 §4.2.2.13: data lost unread is a reset");
            server.close(c.serverQd());
            server.close(c.listenerQd());
        }

        @Test
        void aPeerThatNeverClosesDoesNotHoldTheCloserForever() {
            Connection c = connection();
            pushAndWait(client, c.clientQd(), pattern(10, 3));
            long clientClose = client.asyncClose(c.clientQd());
            assertArrayEquals(pattern(10, 3), popBytes(server, c.serverQd()));
            assertEndOfStream(server, c.serverQd());
            awaitOk(client, clientClose, Opcode.CLOSE);     // after the close timeout (virtual time)
            assertEndOfStream(server, c.serverQd());        // the peer keeps its clean end
            server.close(c.serverQd());
            server.close(c.listenerQd());
        }
    }

    @Nested
    class OverRdma extends CloseScenarios {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new RdmaUnderTest();
        }
    }

    @Nested
    class OverTcp extends CloseScenarios {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new InetUnderTest(4);
        }
    }
}
