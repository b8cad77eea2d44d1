package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.SocketType;

/**
 * The control path: socket, bind, listen, accept, connect, close, asyncClose, getsockname and getpeername, each
 * in its ordinary use and with the errors {@link org.margay.pdpix.LibOS}'s javadoc promises.
 */
public abstract class ControlPathContract extends ContractTestBase {

    @Test
    void socketsGetDistinctDescriptors() {
        int a = server.socket(Domain.INET, SocketType.STREAM);
        int b = server.socket(Domain.INET, SocketType.DGRAM);
        int c = server.socket(Domain.INET, SocketType.STREAM);
        assertTrue(a >= 0 && b >= 0 && c >= 0, "descriptors are non-negative");
        assertNotEquals(a, b);
        assertNotEquals(a, c);
        assertNotEquals(b, c);
        server.close(a);
        server.close(b);
        server.close(c);
    }

    @Test
    void socketRefusesImpossibleDomainAndTypePairs() {
        assertEquals(Errno.EPROTONOSUPPORT, pdpixErrno(() -> server.socket(Domain.PACKET, SocketType.STREAM)));
        assertEquals(Errno.EPROTONOSUPPORT, pdpixErrno(() -> server.socket(Domain.INET, SocketType.RAW)));
    }

    @Test
    void nameIsNotEmpty() {
        assertTrue(!server.name().isEmpty() && !client.name().isEmpty());
    }

    @Test
    void bindToPortZeroPicksAnEphemeralPort() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(0));
        InetEndpoint local = server.getsockname(qd);
        assertTrue(local.port() > 0, () -> "an ephemeral port was chosen: " + local);
        assertEquals(under.serverAddress(), local.address(), "the bound address");
        server.close(qd);
    }

    @Test
    void bindToAGivenPortKeepsIt() {
        int port = unusedPort();
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(port));
        assertEquals(under.serverEndpoint(port), server.getsockname(qd));
        server.close(qd);
    }

    @Test
    void bindingAPortTwiceIsAddressInUse() {
        int l = listener();
        int other = server.socket(Domain.INET, SocketType.STREAM);
        assertEquals(Errno.EADDRINUSE, pdpixErrno(() -> server.bind(other, under.serverEndpoint(port(server, l)))));
        server.close(other);
        server.close(l);
    }

    @Test
    void udpPortsAreSeparateFromTcpPorts() {
        int l = listener();
        int u = server.socket(Domain.INET, SocketType.DGRAM);
        server.bind(u, under.serverEndpoint(port(server, l)));
        assertEquals(port(server, l), port(server, u));
        server.close(u);
        server.close(l);
    }

    @Test
    void listenNeedsAPositiveBacklog() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(qd, under.serverEndpoint(0));
        assertEquals(Errno.EINVAL, pdpixErrno(() -> server.listen(qd, 0)));
        server.close(qd);
    }

    @Test
    void listenOnADatagramQueueIsRefused() {
        int qd = udp(server, under.serverAddress());
        int errno = pdpixErrno(() -> server.listen(qd, 4));
        assertTrue(errno == Errno.EOPNOTSUPP || errno == Errno.EINVAL, () -> "listen on UDP: " + Errno.name(errno));
        server.close(qd);
    }

    @Test
    void connectAndAcceptAgreeOnBothEndpoints() {
        int l = listener();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        long accept = server.accept(l);
        long connect = client.connect(c, under.serverEndpoint(port(server, l)));
        awaitOk(client, connect, Opcode.CONNECT);
        QResult accepted = awaitOk(server, accept, Opcode.ACCEPT);
        int s = accepted.acceptedQd();

        InetEndpoint clientLocal = client.getsockname(c);
        assertEquals(under.serverEndpoint(port(server, l)), client.getpeername(c), "client's peer is the listener");
        assertEquals(under.clientAddress(), clientLocal.address(), "client's local address");
        assertTrue(clientLocal.port() > 0, "connect bound an ephemeral port");
        assertEquals(clientLocal, server.getpeername(s), "server's peer is the client");
        assertEquals(clientLocal, accepted.peer(), "ACCEPT carries the peer");
        assertEquals(under.serverEndpoint(port(server, l)), server.getsockname(s), "accepted queue's local endpoint");
        client.close(c);
        server.close(s);
        server.close(l);
    }

    @Test
    void severalConnectionsToOneListener() {
        int l = listener();
        Connection[] conns = new Connection[5];
        for (int i = 0; i < conns.length; i++) {
            conns[i] = connect(l, client.socket(Domain.INET, SocketType.STREAM));
        }
        for (int i = 0; i < conns.length; i++) {
            for (int j = i + 1; j < conns.length; j++) {
                assertNotEquals(client.getsockname(conns[i].clientQd()), client.getsockname(conns[j].clientQd()));
            }
        }
        for (int i = 0; i < conns.length; i++) {
            byte[] data = pattern(100 + i, i);
            assertCrossesAsOneElement(client, conns[i].clientQd(), server, conns[i].serverQd(), data);
        }
        for (Connection c : conns) {
            client.close(c.clientQd());
            server.close(c.serverQd());
        }
        server.close(l);
    }

    @Test
    void acceptBeforeAndAfterTheConnectionArrives() {
        int l = listener();
        // A connection that arrives before accept() waits in the backlog.
        int c1 = client.socket(Domain.INET, SocketType.STREAM);
        long connect = client.connect(c1, under.serverEndpoint(port(server, l)));
        awaitOk(client, connect, Opcode.CONNECT);
        QResult first = awaitOk(server, server.accept(l), Opcode.ACCEPT);
        // An accept that waits for its connection.
        long accept = server.accept(l);
        int c2 = client.socket(Domain.INET, SocketType.STREAM);
        awaitOk(client, client.connect(c2, under.serverEndpoint(port(server, l))), Opcode.CONNECT);
        QResult second = awaitOk(server, accept, Opcode.ACCEPT);
        assertNotEquals(first.acceptedQd(), second.acceptedQd());
        client.close(c1);
        client.close(c2);
        server.close(first.acceptedQd());
        server.close(second.acceptedQd());
        server.close(l);
    }

    @Test
    void getpeernameOfAnUnconnectedQueueIsNotConnected() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        assertEquals(Errno.ENOTCONN, pdpixErrno(() -> server.getpeername(qd)));
        int l = listener();
        assertEquals(Errno.ENOTCONN, pdpixErrno(() -> server.getpeername(l)));
        server.close(qd);
        server.close(l);
    }

    @Test
    void closeFreesTheDescriptor() {
        int qd = server.socket(Domain.INET, SocketType.STREAM);
        server.close(qd);
        assertEquals(Errno.EBADF, pdpixErrno(() -> server.getsockname(qd)));
        assertEquals(Errno.EBADF, pdpixErrno(() -> server.bind(qd, under.serverEndpoint(0))));
    }

    @Test
    void asyncCloseCompletesWithClose() {
        Connection c = connection();
        long qt = client.asyncClose(c.clientQd());
        QResult r = awaitOk(client, qt, Opcode.CLOSE);
        assertEquals(c.clientQd(), r.qd());
        assertEquals(Errno.EBADF, pdpixErrno(() -> client.getsockname(c.clientQd())));
        // The peer sees the end of the stream.
        QResult eof = awaitOk(server, server.pop(c.serverQd()), Opcode.POP);
        assertEquals(0, eof.sga().segmentCount(), "end of stream pops an empty element");
        server.sgaFree(eof.sga());
        awaitOk(server, server.asyncClose(c.serverQd()), Opcode.CLOSE);
        awaitOk(server, server.asyncClose(c.listenerQd()), Opcode.CLOSE);
    }

    @Test
    void asyncCloseOfADatagramQueue() {
        int u = udp(server, under.serverAddress());
        awaitOk(server, server.asyncClose(u), Opcode.CLOSE);
        assertEquals(Errno.EBADF, pdpixErrno(() -> server.close(u)));
    }

    @Test
    void closingAListenerWithAPendingAcceptCancelsIt() {
        int l = listener();
        long accept = server.accept(l);
        server.close(l);
        assertEquals(Errno.ECANCELED, awaitFailed(server, accept));
    }

    @Test
    void aClosedListenerPortCanBeBoundAgain() {
        int l = listener();
        int port = port(server, l);
        server.close(l);
        int again = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(again, under.serverEndpoint(port));
        server.listen(again, 4);
        Connection c = connect(again, client.socket(Domain.INET, SocketType.STREAM));
        assertCrossesAsOneElement(client, c.clientQd(), server, c.serverQd(), pattern(10, 1));
        client.close(c.clientQd());
        server.close(c.serverQd());
        server.close(again);
    }
}
