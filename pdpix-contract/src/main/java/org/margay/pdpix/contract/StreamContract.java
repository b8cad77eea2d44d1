package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * STREAM queues: atomic elements (one push pops as exactly one element, 1 B to 1 MiB, both directions, many in
 * flight), the length-prefixed wire format seen from a raw-stream peer, raw-stream mode, end of stream, and a
 * peer that breaks the framing.
 */
public abstract class StreamContract extends ContractTestBase {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 2, 7, 100, 536, 1448, 1460, 1461, 4096, 9000, 65535, 65536, 65537, 262_144, 1 << 20})
    void anElementPopsAsExactlyOneElement(int size) {
        assumeElementSize(client, size);
        assumeElementSize(server, size);
        Connection c = connection();
        assertCrossesAsOneElement(client, c.clientQd(), server, c.serverQd(), pattern(size, size));
        assertCrossesAsOneElement(server, c.serverQd(), client, c.clientQd(), pattern(size, size + 1));
        closeAll(c);
    }

    @Test
    void manyElementsInFlightPopInOrderEachWhole() {
        Connection c = connection();
        int n = 64;
        long[] pushes = new long[n];
        byte[][] sent = new byte[n][];
        for (int i = 0; i < n; i++) {
            sent[i] = pattern(1 + (i * 977) % 3000, i);
            Sga sga = element(client, sent[i]);
            pushes[i] = client.push(c.clientQd(), sga);
            assertTrue(pushes[i] > 0, "push starts");
            client.sgaFree(sga);
        }
        for (int i = 0; i < n; i++) {
            byte[] got = popBytes(server, c.serverQd());
            assertArrayEquals(sent[i], got, "element " + i);
        }
        for (long qt : pushes) {
            awaitOk(client, qt, Opcode.PUSH);
        }
        closeAll(c);
    }

    @Test
    void moreThanASendBufferOfElementsFlowsAsThePeerPops() {
        Connection c = connection();
        int size = (int) Math.min(64 * 1024, Math.min(client.maxElement(), server.maxElement()));
        int n = 16;   // 1 MiB at 64 KiB each: more than a default send plus receive buffer
        long[] pushes = new long[n];
        for (int i = 0; i < n; i++) {
            Sga sga = element(client, pattern(size, 1000 + i));
            pushes[i] = client.push(c.clientQd(), sga);
            assertTrue(pushes[i] > 0, "push starts (pending until there is room)");
            client.sgaFree(sga);
        }
        for (int i = 0; i < n; i++) {
            assertArrayEquals(pattern(size, 1000 + i), popBytes(server, c.serverQd()), "element " + i);
        }
        for (long qt : pushes) {
            awaitOk(client, qt, Opcode.PUSH);
        }
        closeAll(c);
    }

    @Test
    void pingPongBothWays() {
        Connection c = connection();
        for (int i = 0; i < 100; i++) {
            byte[] request = pattern(32 + i, i);
            byte[] atServer = exchange(client, c.clientQd(), server, c.serverQd(), request);
            assertArrayEquals(request, atServer);
            byte[] atClient = exchange(server, c.serverQd(), client, c.clientQd(), atServer);
            assertArrayEquals(request, atClient);
        }
        closeAll(c);
    }

    @Test
    void aScatterGatherElementPopsAsOneElement() {
        Connection c = connection();
        byte[] first = pattern(300, 1);
        byte[] second = pattern(700, 2);
        Sga a = element(client, first);
        Sga b = element(client, second);
        a.append(b.buffer(0).retain());   // a now has two segments; b keeps its own reference
        client.sgaFree(b);
        assertEquals(2, a.segmentCount());
        long pop = server.pop(c.serverQd());
        long push = client.push(c.clientQd(), a);
        client.sgaFree(a);
        byte[] got = take(server, await(server, pop));
        awaitOk(client, push, Opcode.PUSH);
        byte[] expected = ByteBuffer.allocate(1000).put(first).put(second).array();
        assertArrayEquals(expected, got, "the segments arrive concatenated, as one element");
        closeAll(c);
    }

    @Test
    void freeingRightAfterPushIsSafe() {
        Connection c = connection();
        byte[] data = pattern(5000, 77);
        Sga sga = element(client, data);
        long push = client.push(c.clientQd(), sga);
        assertEquals(Errno.OK, client.sgaFree(sga), "free-protection: the library OS holds its own references");
        // Reuse the pool at once: the freed buffers must not be handed out and overwritten while still queued.
        Sga scribble = client.sgaAlloc(5000);
        assertNotNull(scribble);
        scribble.fill(new byte[5000]);
        assertArrayEquals(data, popBytes(server, c.serverQd()));
        awaitOk(client, push, Opcode.PUSH);
        client.sgaFree(scribble);
        closeAll(c);
    }

    @Test
    void aPendingPopCompletesWhenDataArrives() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        QResult r = new QResult();
        assertEquals(Errno.ETIMEDOUT, server.wait(pop, r, under.shortWaitNanos()), "nothing sent yet");
        pushAndWait(client, c.clientQd(), pattern(10, 5));
        assertArrayEquals(pattern(10, 5), take(server, await(server, pop)));
        closeAll(c);
    }

    @Test
    void popAfterThePeerClosedGivesAnEmptyElement() {
        Connection c = connection();
        pushAndWait(client, c.clientQd(), pattern(50, 1));
        client.close(c.clientQd());
        assertArrayEquals(pattern(50, 1), popBytes(server, c.serverQd()), "data sent before close still arrives");
        QResult eof = awaitOk(server, server.pop(c.serverQd()), Opcode.POP);
        assertNotNull(eof.sga(), "end of stream is an element");
        assertEquals(0, eof.sga().segmentCount(), "end of stream is an EMPTY element");
        assertEquals(0, eof.sga().totalLength());
        assertEquals(Errno.OK, server.sgaFree(eof.sga()), "the empty element is freed like any other");
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void thePendingPopAtEndOfStreamCompletesEmpty() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        client.close(c.clientQd());
        QResult eof = awaitOk(server, pop, Opcode.POP);
        assertEquals(0, eof.sga().segmentCount());
        server.sgaFree(eof.sga());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void theServerCanStillPushAfterTheClientsHalfClose() {
        Connection c = connection();
        client.close(c.clientQd());
        QResult eof = awaitOk(server, server.pop(c.serverQd()), Opcode.POP);
        assertEquals(0, eof.sga().segmentCount());
        server.sgaFree(eof.sga());
        // The client's descriptor is gone, so only the server side is checked: its push is not refused at once.
        Sga sga = element(server, pattern(10, 1));
        long push = server.push(c.serverQd(), sga);
        server.sgaFree(sga);
        assertTrue(push > 0, "a push after the peer's FIN starts");
        QResult r = await(server, push);
        assertTrue(r.opcode() == Opcode.PUSH || r.opcode() == Opcode.FAILED, () -> "completes either way: " + r);
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }

    @Test
    void closingWithAPendingPopCancelsIt() {
        Connection c = connection();
        long pop = server.pop(c.serverQd());
        server.close(c.serverQd());
        assertEquals(Errno.ECANCELED, awaitFailed(server, pop));
        client.close(c.clientQd());
        server.close(c.listenerQd());
    }

    @Test
    void anEmptyElementCannotBePushed() {
        Connection c = connection();
        Sga empty = client.sgaAlloc(1);
        empty.buffer(0).trimBack(1);
        assertEquals(-Errno.EINVAL, client.push(c.clientQd(), empty), "pushing an empty element is EINVAL");
        client.sgaFree(empty);
        assertEquals(-Errno.EINVAL, client.push(c.clientQd(), null), "pushing null is EINVAL");
        closeAll(c);
    }

    @Test
    void theLengthPrefixedWireFormatAsARawPeerSeesIt() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(server, l, SocketOption.FRAMING, Framing.RAW_STREAM);
        server.bind(l, under.serverEndpoint(0));
        server.listen(l, 4);
        Connection c = connect(l, client.socket(Domain.INET, SocketType.STREAM));
        byte[] element = pattern(1000, 3);
        pushAndWait(client, c.clientQd(), element);
        byte[] wire = readRaw(server, c.serverQd(), 4 + element.length);
        ByteBuffer expected = ByteBuffer.allocate(4 + element.length).putInt(element.length).put(element);
        assertArrayEquals(expected.array(), wire, "Framing: 4-byte big-endian length, then the element");
        closeAll(c);
    }

    @Test
    void aRawPeerCanSpeakTheLengthPrefixedFormat() {
        int l = listener();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, c, SocketOption.FRAMING, Framing.RAW_STREAM);
        Connection conn = connect(l, c);
        byte[] element = pattern(3000, 4);
        ByteBuffer framed = ByteBuffer.allocate(4 + element.length).putInt(element.length).put(element);
        byte[] bytes = framed.array();
        // Send the frame in three awkward pieces: the prefix split in two, then the rest.
        pushAndWait(client, c, java.util.Arrays.copyOfRange(bytes, 0, 3));
        pushAndWait(client, c, java.util.Arrays.copyOfRange(bytes, 3, 1001));
        long pop = server.pop(conn.serverQd());
        pushAndWait(client, c, java.util.Arrays.copyOfRange(bytes, 1001, bytes.length));
        assertArrayEquals(element, take(server, await(server, pop)), "pieces become one element at the PDPIX peer");
        closeAll(conn);
    }

    @Test
    void rawStreamModeCarriesBytesAsTheyAre() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(server, l, SocketOption.FRAMING, Framing.RAW_STREAM);
        server.bind(l, under.serverEndpoint(0));
        server.listen(l, 4);
        int c = client.socket(Domain.INET, SocketType.STREAM);
        client.setsockopt(c, SocketOption.FRAMING, Framing.RAW_STREAM);
        Connection conn = connect(l, c);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            byte[] piece = pattern(1 + i * 431, i);
            sent.writeBytes(piece);
            pushAndWait(client, c, piece);
        }
        assertArrayEquals(sent.toByteArray(), readRaw(server, conn.serverQd(), sent.size()));
        byte[] back = pattern(20_000, 99);
        pushAndWait(server, conn.serverQd(), back);
        assertArrayEquals(back, readRaw(client, c, back.length));
        closeAll(conn);
    }

    @Test
    void aZeroLengthPrefixIsAProtocolError() {
        int l = listener();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, c, SocketOption.FRAMING, Framing.RAW_STREAM);
        Connection conn = connect(l, c);
        long pop = server.pop(conn.serverQd());
        pushAndWait(client, c, new byte[] {0, 0, 0, 0, 1, 2, 3});
        assertEquals(Errno.EPROTOTYPE, awaitFailed(server, pop), "Framing: a prefix of 0 is a protocol error");
        closeAll(conn);
    }

    @Test
    void anOversizedPrefixIsRefused() {
        int l = listener();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, c, SocketOption.FRAMING, Framing.RAW_STREAM);
        Connection conn = connect(l, c);
        long pop = server.pop(conn.serverQd());
        pushAndWait(client, c, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
        int errno = awaitFailed(server, pop);
        assertTrue(errno == Errno.EPROTOTYPE || errno == Errno.EMSGSIZE, () -> "a 4 GiB prefix: " + Errno.name(errno));
        closeAll(conn);
    }

    /** Pops from a raw-stream queue until {@code total} bytes have arrived; returns them. */
    protected final byte[] readRaw(org.margay.pdpix.LibOS los, int qd, int total) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < total) {
            byte[] piece = popBytes(los, qd);
            assertTrue(piece.length > 0, () -> "stream ended after " + got.size() + " of " + total + " bytes");
            got.writeBytes(piece);
        }
        assertEquals(total, got.size(), "no bytes beyond what was sent");
        return got.toByteArray();
    }

    /** Closes both ends and the listener. */
    protected final void closeAll(Connection c) {
        client.close(c.clientQd());
        server.close(c.serverQd());
        server.close(c.listenerQd());
    }
}
