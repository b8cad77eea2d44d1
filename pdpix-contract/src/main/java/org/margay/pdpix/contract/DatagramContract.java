package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/**
 * DGRAM queues: one element is one datagram, boundaries kept whatever the sizes; the sender's address on every
 * popped datagram; pushTo and connected pushes; sizes beyond UDP's limit refused.
 */
public abstract class DatagramContract extends ContractTestBase {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 100, 1472, 1473, 8192})
    void aDatagramPopsWholeWithItsSender(int size) {
        int s = udp(server, under.serverAddress());
        int c = udp(client, under.clientAddress());
        byte[] data = pattern(size, size);
        long pop = server.pop(s);
        Sga sga = element(client, data);
        long push = client.pushTo(c, sga, under.serverEndpoint(port(server, s)));
        client.sgaFree(sga);
        QResult pushed = await(client, push);
        Assumptions.assumeFalse(pushed.opcode() == Opcode.FAILED && pushed.ret() == Errno.EMSGSIZE,
                () -> client.name() + " cannot send a " + size + "-byte datagram (EMSGSIZE)");
        assertEquals(Opcode.PUSH, pushed.opcode(), () -> "pushTo: " + pushed);
        QResult popped = awaitOk(server, pop, Opcode.POP);
        InetEndpoint sender = client.getsockname(c);
        assertEquals(sender, popped.peer(), "the pop names the datagram's sender");
        assertEquals(sender.address(), popped.sga().addressIp(), "the element carries the sender too");
        assertEquals(sender.port(), popped.sga().addressPort());
        assertArrayEquals(data, take(server, popped));
        client.close(c);
        server.close(s);
    }

    @Test
    void datagramBoundariesAreKept() {
        int s = udp(server, under.serverAddress());
        int c = udp(client, under.clientAddress());
        InetEndpoint to = under.serverEndpoint(port(server, s));
        int[] sizes = {10, 1, 1000, 3, 500};
        long[] pushes = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            Sga sga = element(client, pattern(sizes[i], i));
            pushes[i] = client.pushTo(c, sga, to);
            client.sgaFree(sga);
        }
        for (long qt : pushes) {
            awaitOk(client, qt, Opcode.PUSH);
        }
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(pattern(sizes[i], i), popBytes(server, s), "datagram " + i + " whole and in order");
        }
        client.close(c);
        server.close(s);
    }

    @Test
    void anEchoGoesBackToTheSender() {
        int s = udp(server, under.serverAddress());
        int c = udp(client, under.clientAddress());
        for (int i = 0; i < 20; i++) {
            byte[] data = pattern(64 + i, i);
            long pop = server.pop(s);
            Sga out = element(client, data);
            awaitOk(client, client.pushTo(c, out, under.serverEndpoint(port(server, s))), Opcode.PUSH);
            client.sgaFree(out);
            QResult request = awaitOk(server, pop, Opcode.POP);
            long clientPop = client.pop(c);
            long reply = server.pushTo(s, request.sga(), request.peer());
            server.sgaFree(request.sga());
            awaitOk(server, reply, Opcode.PUSH);
            QResult echoed = awaitOk(client, clientPop, Opcode.POP);
            assertEquals(under.serverEndpoint(port(server, s)), echoed.peer());
            assertArrayEquals(data, take(client, echoed));
        }
        client.close(c);
        server.close(s);
    }

    @Test
    void aConnectedDatagramQueuePushesToItsPeer() {
        int s = udp(server, under.serverAddress());
        int c = client.socket(Domain.INET, SocketType.DGRAM);
        InetEndpoint to = under.serverEndpoint(port(server, s));
        QResult connected = awaitOk(client, client.connect(c, to), Opcode.CONNECT);
        assertEquals(c, connected.qd());
        assertEquals(to, client.getpeername(c));
        assertTrue(client.getsockname(c).port() > 0, "connect bound an ephemeral port");
        long pop = server.pop(s);
        pushAndWait(client, c, pattern(33, 3));
        QResult popped = awaitOk(server, pop, Opcode.POP);
        assertEquals(client.getsockname(c).port(), popped.peerPort());
        assertArrayEquals(pattern(33, 3), take(server, popped));
        client.close(c);
        server.close(s);
    }

    @Test
    void anUnboundQueueGetsAnEphemeralPortOnFirstPushTo() {
        int s = udp(server, under.serverAddress());
        int c = client.socket(Domain.INET, SocketType.DGRAM);
        long pop = server.pop(s);
        Sga sga = element(client, pattern(9, 9));
        awaitOk(client, client.pushTo(c, sga, under.serverEndpoint(port(server, s))), Opcode.PUSH);
        client.sgaFree(sga);
        QResult popped = awaitOk(server, pop, Opcode.POP);
        assertTrue(popped.peerPort() > 0);
        assertEquals(popped.peerPort(), client.getsockname(c).port(), "getsockname after the implicit bind");
        server.sgaFree(popped.sga());
        client.close(c);
        server.close(s);
    }

    @Test
    void aDatagramBeyondUdpsLimitIsRefused() {
        int c = udp(client, under.clientAddress());
        int size = 65_508;   // RFC 768 + RFC 791: at most 65,535 − 20 − 8 = 65,507 bytes of payload
        assumeElementSize(client, size);
        Sga sga = element(client, new byte[size]);
        long qt = client.pushTo(c, sga, under.serverEndpoint(9));
        client.sgaFree(sga);
        assertEquals(Errno.EMSGSIZE, startedAndFailed(client, qt));
        client.close(c);
    }

    @Test
    void pushWithoutADestinationFails() {
        int c = udp(client, under.clientAddress());
        Sga sga = element(client, pattern(5, 5));
        long qt = client.push(c, sga);
        client.sgaFree(sga);
        int errno = startedAndFailed(client, qt);
        assertTrue(errno != Errno.OK, "an unconnected DGRAM queue has nowhere to push");
        client.close(c);
    }

    @Test
    void closingWithAPendingPopCancelsIt() {
        int s = udp(server, under.serverAddress());
        long pop = server.pop(s);
        server.close(s);
        assertEquals(Errno.ECANCELED, awaitFailed(server, pop));
    }

    @Test
    void datagramsFromTwoSendersAreToldApart() {
        int s = udp(server, under.serverAddress());
        int a = udp(client, under.clientAddress());
        int b = udp(client, under.clientAddress());
        InetEndpoint to = under.serverEndpoint(port(server, s));
        for (int qd : new int[] {a, b}) {
            Sga sga = element(client, pattern(20, qd));
            awaitOk(client, client.pushTo(qd, sga, to), Opcode.PUSH);
            client.sgaFree(sga);
        }
        QResult first = awaitOk(server, server.pop(s), Opcode.POP);
        assertEquals(client.getsockname(a), first.peer());
        assertArrayEquals(pattern(20, a), take(server, first));
        QResult second = awaitOk(server, server.pop(s), Opcode.POP);
        assertEquals(client.getsockname(b), second.peer());
        assertArrayEquals(pattern(20, b), take(server, second));
        client.close(a);
        client.close(b);
        server.close(s);
    }
}
