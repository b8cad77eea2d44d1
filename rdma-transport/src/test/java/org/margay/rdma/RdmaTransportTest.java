package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.rdma.RdmaPair.await;
import static org.margay.rdma.RdmaPair.pattern;
import static org.margay.rdma.RdmaPair.pop;
import static org.margay.rdma.RdmaPair.push;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.ArenaBufferPool;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * The RDMA transport over the in-process device, beyond what the PDPIX contract asks: credit-based flow control,
 * chunking above the largest message and zero-copy below it, free-protection across in-flight sends, push
 * completion on send completion, registration of foreign memory, RNR and queue pair errors as PDPIX errors, and bad
 * configuration.
 */
class RdmaTransportTest {

    @Test
    void creditsHoldTheSenderUntilThePeerPopsAndNoSendMeetsAnRnr() {
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "4")) {
            RdmaPair.Connection c = p.connect();
            long[] pushes = new long[20];
            for (int i = 0; i < pushes.length; i++) {
                pushes[i] = push(p.client, c.client(), pattern(100, i));
            }
            for (int i = 0; i < 50; i++) {
                p.client.poll();
            }
            int done = 0;
            for (long qt : pushes) {
                done += p.client.isDone(qt) ? 1 : 0;
            }
            assertEquals(3, done, "window 4: three messages go, the fourth credit stays in reserve, the rest wait");
            for (int i = 0; i < pushes.length; i++) {
                assertArrayEquals(pattern(100, i), pop(p.server, c.server()), "element " + i);
            }
            for (long qt : pushes) {
                assertEquals(Opcode.PUSH, await(p.client, qt).opcode());
            }
            assertEquals(0, p.fabric.rnrNaks(), "credits kept every SEND within the peer's posted receives");
        }
    }

    @Test
    void bothDirectionsAtOnceWithTinyWindowsNeverDeadlock() {
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "4")) {
            RdmaPair.Connection c = p.connect();
            int n = 60;
            long[] fromClient = new long[n];
            long[] fromServer = new long[n];
            for (int i = 0; i < n; i++) {
                fromClient[i] = push(p.client, c.client(), pattern(64, i));
                fromServer[i] = push(p.server, c.server(), pattern(64, 1000 + i));
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(pattern(64, i), pop(p.server, c.server()));
                assertArrayEquals(pattern(64, 1000 + i), pop(p.client, c.client()));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(Opcode.PUSH, await(p.client, fromClient[i]).opcode());
                assertEquals(Opcode.PUSH, await(p.server, fromServer[i]).opcode());
            }
            assertEquals(0, p.fabric.rnrNaks());
        }
    }

    @Test
    void anElementAboveTheLargestMessageIsChunkedAndPopsWhole() {
        try (RdmaPair p = new RdmaPair("rdma.message-size", "4160")) {
            RdmaPair.Connection c = p.connect();
            byte[] big = pattern(300_000, 7);
            long qt = push(p.client, c.client(), big);
            assertArrayEquals(big, pop(p.server, c.server()), "73 messages, one element");
            await(p.client, qt);
            p.client.setsockopt(c.client(), SocketOption.TCP_MAXSEG, 600);
            assertEquals(600, p.client.getsockopt(c.client(), SocketOption.TCP_MAXSEG));
            byte[] medium = pattern(10_000, 8);
            push(p.client, c.client(), medium);
            assertArrayEquals(medium, pop(p.server, c.server()), "600-byte messages, one element");
        }
    }

    @Test
    void anElementThatFitsOneMessagePopsInItsReceiveBuffer() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            push(p.client, c.client(), pattern(1000, 1));
            QResult r = await(p.server, p.server.pop(c.server()));
            Sga sga = r.sga();
            assertEquals(1, sga.segmentCount());
            PacketBuffer b = sga.buffer(0);
            assertTrue(p.server.memory().receivePool().contains(b.segment().address() + b.start(), b.length()),
                    "zero copy: the popped segment is the receive buffer the adapter wrote");
            assertArrayEquals(pattern(1000, 1), sga.toByteArray());
            p.server.sgaFree(sga);
        }
    }

    @Test
    void freedBuffersStayHeldUntilTheSendCompletes() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            p.fabric.discardReceives(RdmaPair.SERVER);      // the next SEND waits at an RNR NAK (retried forever)
            byte[] data = pattern(2000, 3);
            Sga sga = p.client.sgaAlloc(2000).fill(data);
            long qt = p.client.push(c.client(), sga);
            assertEquals(Errno.OK, p.client.sgaFree(sga));
            int before = p.client.memory().elementPool().outstanding();
            for (int i = 0; i < 20; i++) {
                p.client.poll();
            }
            assertFalse(p.client.isDone(qt), "no completion while the adapter still retries the send");
            assertTrue(p.client.memory().elementPool().outstanding() >= 1, "the element's buffer is still held");
            assertEquals(before, p.client.memory().elementPool().outstanding());
            assertTrue(p.fabric.rnrNaks() > 0);
        }
    }

    @Test
    void rnrRetriesExhaustedFailThePushWithNoBuffers() {
        try (RdmaPair p = new RdmaPair("rdma.rnr-retry", "0")) {
            RdmaPair.Connection c = p.connect();
            p.fabric.discardReceives(RdmaPair.SERVER);
            long qt = push(p.client, c.client(), pattern(100, 1));
            QResult r = await(p.client, qt);
            assertEquals(Opcode.FAILED, r.opcode());
            assertEquals(Errno.ENOBUFS, r.ret(), "RNR_RETRY_EXC_ERR → ENOBUFS");
            Sga more = p.client.sgaAlloc(10);
            long next = p.client.push(c.client(), more);
            p.client.sgaFree(more);
            QResult after = await(p.client, next);
            assertEquals(Opcode.FAILED, after.opcode(), "the connection is broken after a fatal completion");
        }
    }

    @Test
    void aPeerWhoseQueuePairsFailedTimesTheSenderOutAndResetsItsOwnPops() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            long serverPop = p.server.pop(c.server());
            p.fabric.failQueuePairs(RdmaPair.SERVER);
            QResult r = await(p.client, push(p.client, c.client(), pattern(10, 1)));
            assertEquals(Opcode.FAILED, r.opcode());
            assertEquals(Errno.ETIMEDOUT, r.ret(), "RETRY_EXC_ERR → ETIMEDOUT");
            QResult popped = await(p.server, serverPop);
            assertEquals(Opcode.FAILED, popped.opcode());
            assertEquals(Errno.ECONNRESET, popped.ret(), "the failed side's flushed receives reset its stream");
        }
    }

    @Test
    void buffersFromElsewhereAreCopiedIntoRegisteredMemory() {
        try (RdmaPair p = new RdmaPair(); ArenaBufferPool foreign = new ArenaBufferPool("foreign", 4, 2048, 0)) {
            RdmaPair.Connection c = p.connect();
            Sga sga = p.client.sgaAlloc(100).fill(pattern(100, 1));
            PacketBuffer outside = foreign.allocate();
            outside.append(50);
            outside.segment().asSlice(0, 50).copyFrom(java.lang.foreign.MemorySegment.ofArray(pattern(50, 2)));
            sga.append(outside);
            long qt = p.client.push(c.client(), sga);
            p.client.sgaFree(sga);
            byte[] expected = new byte[150];
            System.arraycopy(pattern(100, 1), 0, expected, 0, 100);
            System.arraycopy(pattern(50, 2), 0, expected, 100, 50);
            assertArrayEquals(expected, pop(p.server, c.server()));
            await(p.client, qt);
            assertEquals(1, p.client.unregisteredCopies());
            assertEquals(0, foreign.outstanding(), "the foreign buffer went back to its pool");
        }
    }

    @Test
    void aDatagramToNobodyIsRefusedAndOneAboveTheMtuTooLarge() {
        try (RdmaPair p = new RdmaPair()) {
            int u = p.client.socket(Domain.INET, SocketType.DGRAM);
            Sga small = p.client.sgaAlloc(10);
            long qt = p.client.pushTo(u, small, new InetEndpoint(RdmaPair.SERVER, 4444));
            p.client.sgaFree(small);
            QResult r = await(p.client, qt);
            assertEquals(Errno.ECONNREFUSED, r.ret(), "service-ID resolution found no queue pair at the port");
            Sga big = p.client.sgaAlloc(p.client.maxDatagram() + 1);
            QResult tooLarge = await(p.client, p.client.pushTo(u, big, new InetEndpoint(RdmaPair.SERVER, 4444)));
            assertEquals(Errno.EMSGSIZE, tooLarge.ret(), "a UD message is at most one path MTU");
            p.client.sgaFree(big);
            p.client.close(u);
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        PdpixException window = assertThrows(PdpixException.class, () -> RdmaLibOS.open(LibOSConfig.of("rdma",
                "rdma.device", "inproc:bad", "rdma.address", "10.0.0.1", "rdma.receive-window", "2")));
        assertEquals(Errno.EINVAL, window.errno());
        assertTrue(window.getMessage().contains("rdma.receive-window"), window.getMessage());
        PdpixException address = assertThrows(PdpixException.class, () -> RdmaLibOS.open(LibOSConfig.of("rdma",
                "rdma.device", "inproc:bad")));
        assertTrue(address.getMessage().contains("rdma.address"), address.getMessage());
        PdpixException duration = assertThrows(PdpixException.class, () -> RdmaLibOS.open(LibOSConfig.of("rdma",
                "rdma.device", "inproc:bad", "rdma.address", "10.0.0.1", "rdma.close-timeout", "soon")));
        assertTrue(duration.getMessage().contains("rdma.close-timeout"), duration.getMessage());
    }

    @Test
    void twoHostsCannotShareAnAddress() {
        try (RdmaPair p = new RdmaPair()) {
            PdpixException e = assertThrows(PdpixException.class, () -> RdmaLibOS.open(LibOSConfig.of("rdma",
                    "rdma.device", "inproc:" + p.fabricName, "rdma.address", "10.0.0.1")));
            assertEquals(Errno.EADDRINUSE, e.errno());
        }
    }

    @Test
    void closingWithSendsInFlightDeliversThemThenEndsTheStream() {
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "4")) {
            RdmaPair.Connection c = p.connect();
            for (int i = 0; i < 3; i++) {
                push(p.client, c.client(), pattern(500, i));
            }
            p.client.close(c.client());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(pattern(500, i), pop(p.server, c.server()), "sent before close, delivered after");
            }
            QResult eof = await(p.server, p.server.pop(c.server()));
            assertEquals(0, eof.sga().segmentCount(), "then FIN: end of stream");
            p.server.sgaFree(eof.sga());
            for (int i = 0; i < 100; i++) {
                p.client.poll();
            }
            assertEquals(0, p.client.endpoints(), "the closed connection released its queue pair and buffers");
        }
    }
}
