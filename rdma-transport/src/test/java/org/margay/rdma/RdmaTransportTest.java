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
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

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

    /**
     * A slow receiver: the sender pushes far more than the window, the receiver pops one element every {@code k} duty
     * cycles. Every element arrives whole and in order, the sender is held while the receiver lags, and no SEND ever
     * meets an RNR NAK (the peer always had a receive posted for it), whatever the window, element sizes (chunked
     * above the 4160-byte message) and pop pace.
     */
    @Test
    void aSlowReceiverHoldsTheSenderWithoutOneRnr() {
        qt().withExamples(25).forAll(integers().between(4, 12), integers().between(10, 40), integers().between(1, 15),
                integers().between(1, 1_000_000)).checkAssert((window, count, pace, seed) -> {
            try (RdmaPair p = new RdmaPair("rdma.receive-window", Integer.toString(window), "rdma.message-size", "4160")) {
                RdmaPair.Connection c = p.connect();
                long[] pushes = new long[count];
                int[] sizes = new int[count];
                int messages = 0;
                for (int i = 0; i < count; i++) {
                    sizes[i] = 1 + Math.floorMod(seed * 31 + i * 7919, 3 * 4160);
                    messages += (sizes[i] + 4 + 4155) / 4156;
                    pushes[i] = push(p.client, c.client(), pattern(sizes[i], seed + i));
                }
                for (int i = 0; i < count; i++) {
                    for (int k = 0; k < pace; k++) {
                        p.client.poll();
                    }
                    if (i == 0 && messages > window) {
                        int done = 0;
                        for (long qt : pushes) {
                            done += p.client.isDone(qt) ? 1 : 0;
                        }
                        assertTrue(done < count, "the sender is held while the receiver has not popped");
                    }
                    assertArrayEquals(pattern(sizes[i], seed + i), pop(p.server, c.server()), "element " + i);
                }
                for (long qt : pushes) {
                    assertEquals(Opcode.PUSH, await(p.client, qt).opcode());
                }
                assertEquals(0, p.fabric.rnrNaks(), "no SEND overran the slow receiver's posted receives");
            }
        });
    }

    @Test
    void theLargestElementPopsWholeAndOneByteMoreIsRefused() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            int max = (int) p.client.maxElement();
            assertEquals(16 * 65536, max, "documented: 16 × rdma.element-size");
            byte[] largest = pattern(max, 4);
            long qt = push(p.client, c.client(), largest);
            assertArrayEquals(largest, pop(p.server, c.server()), "chunked into 65 messages, popped as one element");
            assertEquals(Opcode.PUSH, await(p.client, qt).opcode());
            try (ArenaBufferPool foreign = new ArenaBufferPool("foreign", 1, max + 1, 0)) {
                // Pool elements cannot exceed the maximum (16 segments of rdma.element-size); a foreign buffer can.
                Sga tooLarge = p.client.sgaAlloc(1);
                PacketBuffer big = foreign.allocate();
                big.append(max);
                tooLarge.append(big);
                QResult r = await(p.client, p.client.push(c.client(), tooLarge));
                assertEquals(Opcode.FAILED, r.opcode());
                assertEquals(Errno.EMSGSIZE, r.ret(), "the peer could not reassemble it into one element");
                p.client.sgaFree(tooLarge);
                assertEquals(0, foreign.outstanding());
            }
            byte[] after = pattern(100, 6);
            push(p.client, c.client(), after);
            assertArrayEquals(after, pop(p.server, c.server()), "the refusal left the connection intact");
        }
    }

    @Test
    void theMessageBoundaryIsTheDocumentedSizeMinusThePrefix() {
        try (RdmaPair p = new RdmaPair()) {
            RdmaPair.Connection c = p.connect();
            int oneMessage = 16384 - 4;     // rdma.message-size − the 4-byte length prefix
            push(p.client, c.client(), pattern(oneMessage, 1));
            QResult whole = await(p.server, p.server.pop(c.server()));
            assertEquals(1, whole.sga().segmentCount());
            PacketBuffer b = whole.sga().buffer(0);
            assertTrue(p.server.memory().receivePool().contains(b.segment().address() + b.start(), b.length()),
                    "16380 bytes: one message, popped zero-copy in its receive buffer");
            p.server.sgaFree(whole.sga());
            byte[] chunked = pattern(oneMessage + 1, 2);
            push(p.client, c.client(), chunked);
            QResult two = await(p.server, p.server.pop(c.server()));
            PacketBuffer first = two.sga().buffer(0);
            assertFalse(p.server.memory().receivePool().contains(first.segment().address() + first.start(), first.length()),
                    "16381 bytes: two messages, reassembled by copying into the element pool");
            assertArrayEquals(chunked, two.sga().toByteArray());
            p.server.sgaFree(two.sga());
        }
    }

    @Test
    void whenTheApplicationHoldsEveryReceiveBufferReceivesAreReplenishedOnceItFreesThem() {
        // Window 8 needs 8 posted receives + 1 header buffer; 12 leave 3 spare, so holding popped (zero-copy) elements
        // soon empties the receive pool.
        try (RdmaPair p = new RdmaPair("rdma.receive-window", "8", "rdma.receive-buffers", "12")) {
            RdmaPair.Connection c = p.connect();
            int n = 40;
            long[] pushes = new long[n];
            for (int i = 0; i < n; i++) {
                pushes[i] = push(p.client, c.client(), pattern(2000, i));
            }
            // Pop and hold every element until a pop stalls: then the held elements own the whole receive pool.
            java.util.List<Sga> held = new java.util.ArrayList<>();
            long stalled;
            while (true) {
                long qt = p.server.pop(c.server());
                QResult r = new QResult();
                if (p.server.wait(qt, r, 1_000_000_000L) != Errno.OK) {
                    stalled = qt;
                    break;
                }
                assertArrayEquals(pattern(2000, held.size()), r.sga().toByteArray());
                held.add(r.sga());
                assertTrue(held.size() < n, "the sender was never held");
            }
            assertTrue(p.server.deferredReceives() > 0, "the pool ran dry: re-posts were deferred");
            assertTrue(held.size() >= 3, "held " + held.size());
            for (int i = 0; i < 100; i++) {
                p.client.poll();
            }
            assertFalse(p.server.isDone(stalled), "no receive buffer, no credit: the sender waits (no RNR)");
            int resumeAt = held.size();
            for (Sga s : held) {
                p.server.sgaFree(s);
            }
            QResult next = await(p.server, stalled);
            assertArrayEquals(pattern(2000, resumeAt), next.sga().toByteArray(), "freed buffers were re-posted, credits returned");
            p.server.sgaFree(next.sga());
            for (int i = resumeAt + 1; i < n; i++) {
                assertArrayEquals(pattern(2000, i), pop(p.server, c.server()));
            }
            for (long qt : pushes) {
                assertEquals(Opcode.PUSH, await(p.client, qt).opcode());
            }
            assertEquals(0, p.fabric.rnrNaks(), "deferred receives never let a SEND overrun");
        }
    }

    @Test
    void theLibraryOsRegistersEveryPoolOnceSoApplicationsNeverRegister() {
        try (RdmaPair p = new RdmaPair()) {
            assertEquals(p.client.memoryManager().pools().size(), p.clientDevice.liveRegions(),
                    "one memory region per pool, registered at start");
            for (org.margay.fastpath.buffer.BufferPool pool : p.client.memoryManager().pools()) {
                java.util.List<PacketBuffer> all = new java.util.ArrayList<>();
                for (PacketBuffer b = pool.allocate(); b != null; b = pool.allocate()) {
                    all.add(b);
                }
                for (PacketBuffer b : all) {
                    assertTrue(p.client.memory().lkeyOf(b, 0, b.capacity()) != RegisteredMemory.UNREGISTERED,
                            () -> pool.name() + ": a buffer outside every registered region");
                    b.release();
                }
            }
            Sga sga = p.client.sgaAlloc(100_000);
            for (int i = 0; i < sga.segmentCount(); i++) {
                PacketBuffer b = sga.buffer(i);
                assertTrue(p.client.memory().lkeyOf(b, b.start(), b.length()) != RegisteredMemory.UNREGISTERED,
                        "sgaAlloc hands out registered memory");
            }
            p.client.sgaFree(sga);
            assertEquals(2, p.clientDevice.liveRegions(), "using the pools registers nothing more");
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
            p.server.close(c.server());     // the server's FIN ends the two-way close
            for (int i = 0; i < 100; i++) {
                p.client.poll();
            }
            assertEquals(0, p.client.endpoints(), "the closed connection released its queue pair and buffers");
            assertEquals(0, p.server.endpoints());
        }
    }
}
