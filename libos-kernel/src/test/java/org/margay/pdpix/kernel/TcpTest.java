package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** TCP over real loopback sockets: framed and raw echo, element atomicity, and interoperation with plain sockets. */
class TcpTest {

    @Test
    void framedEchoKeepsEachElementWhole() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            int[] p = k.pair(listener);
            byte[] hello = "hello, kernel".getBytes(StandardCharsets.UTF_8);
            k.push(p[0], hello);
            assertArrayEquals(hello, k.pop(p[1]));
            k.push(p[1], hello);
            assertArrayEquals(hello, k.pop(p[0]));
            assertEquals(k.os.getsockname(p[0]), k.os.getpeername(p[1]));
            assertEquals(k.os.getsockname(p[1]), k.os.getpeername(p[0]));
            assertEquals(k.os.getsockname(listener), k.os.getsockname(p[1]));
            k.os.close(p[0]);
            k.os.close(p[1]);
            k.os.close(listener);
        }
    }

    @Test
    void acceptReportsThePeer() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.bind(client, Kernel.LOOPBACK_ANY_PORT);
            InetEndpoint clientName = k.os.getsockname(client);
            assertTrue(clientName.port() > 0, "bind to port 0 gives the real port");
            long connect = k.os.connect(client, k.os.getsockname(listener));
            QResult accepted = k.ok(k.os.accept(listener), Opcode.ACCEPT);
            assertEquals(clientName, accepted.peer());
            int server = accepted.acceptedQd();
            k.ok(connect, Opcode.CONNECT);
            k.os.close(server);
            k.os.close(client);
        }
    }

    @Test
    void pipelinedElementsOfManySizesPopOneForOne() {
        int[] sizes = {1, 2, 3, 4, 5, 100, 4095, 4096, 4097, 16383, 16384, 16385, 65535, 65536, 65537, 200_000, 1, 7};
        try (Kernel k = Kernel.open()) {
            int[] p = k.pair(k.listener());
            long[] pushes = new long[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                Sga sga = k.element(Kernel.pattern(sizes[i], i));
                pushes[i] = k.os.push(p[0], sga);
                k.os.sgaFree(sga);
            }
            for (int i = 0; i < sizes.length; i++) {
                assertArrayEquals(Kernel.pattern(sizes[i], i), k.pop(p[1]), "element " + i + " of " + sizes[i] + " bytes");
            }
            QResult[] results = new QResult[sizes.length];
            for (int i = 0; i < results.length; i++) {
                results[i] = new QResult();
            }
            assertEquals(Errno.OK, k.os.waitAll(pushes, pushes.length, results, Kernel.PATIENCE));
            for (QResult r : results) {
                assertEquals(Opcode.PUSH, r.opcode(), r::toString);
            }
        }
    }

    @Test
    void manySmallPipelinedPushesAllArrive() {
        int count = 500;
        try (Kernel k = Kernel.open(KernelConfig.BUFFERS, "1024", KernelConfig.BUFFER_SIZE, "4096")) {
            int[] p = k.pair(k.listener());
            long[] pushes = new long[count];
            for (int i = 0; i < count; i++) {
                Sga sga = k.element(("message " + i).getBytes(StandardCharsets.UTF_8));
                pushes[i] = k.os.push(p[0], sga);
                k.os.sgaFree(sga);
            }
            for (int i = 0; i < count; i++) {
                assertEquals("message " + i, new String(k.pop(p[1]), StandardCharsets.UTF_8));
            }
            for (long qt : pushes) {
                k.ok(qt, Opcode.PUSH);
            }
        }
    }

    @Test
    void oneMebibyteElementEchoesIntact() {
        try (Kernel k = Kernel.open(KernelConfig.BUFFERS, "256")) {
            assertTrue(k.os.maxElement() >= 1 << 20, "default maxElement is 1 MiB");
            int[] p = k.pair(k.listener());
            byte[] big = Kernel.pattern(1 << 20, 42);
            Sga sga = k.element(big);
            assertEquals(16, sga.segmentCount());
            long push = k.os.push(p[0], sga);
            k.os.sgaFree(sga);
            QResult popped = k.ok(k.os.pop(p[1]), Opcode.POP);
            Sga got = popped.sga();
            assertEquals(1 << 20, got.totalLength());
            k.ok(push, Opcode.PUSH);
            long echo = k.os.push(p[1], got);     // echo the popped element itself
            k.os.sgaFree(got);
            assertArrayEquals(big, k.pop(p[0]));
            k.ok(echo, Opcode.PUSH);
        }
    }

    @Test
    void rawStreamEchoDeliversEveryByte() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            k.os.setsockopt(listener, SocketOption.FRAMING, Framing.RAW_STREAM);
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(client, SocketOption.FRAMING, Framing.RAW_STREAM);
            long connect = k.os.connect(client, k.os.getsockname(listener));
            int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
            k.ok(connect, Opcode.CONNECT);
            assertEquals(Framing.RAW_STREAM, k.os.getsockopt(server, SocketOption.FRAMING), "accepted queues inherit framing");
            byte[] data = Kernel.pattern(300_000, 3);
            k.push(client, data);
            k.popStream(server, data);
            k.push(server, data);
            k.popStream(client, data);
        }
    }

    @Test
    void rawStreamInteroperatesWithAPlainSocket() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            k.os.setsockopt(listener, SocketOption.FRAMING, Framing.RAW_STREAM);
            InetEndpoint at = k.os.getsockname(listener);
            try (Socket plain = new Socket()) {
                plain.setSoTimeout(10_000);
                plain.connect(new InetSocketAddress("127.0.0.1", at.port()));
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                byte[] request = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
                plain.getOutputStream().write(request);
                k.popStream(server, request);
                byte[] reply = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
                k.push(server, reply);
                assertArrayEquals(reply, plain.getInputStream().readNBytes(reply.length));
                k.os.close(server);
                assertEquals(-1, plain.getInputStream().read(), "close sends FIN: the plain peer reads end of stream");
            }
        }
    }

    @Test
    void wireFormatIsABigEndianLengthThenTheBytes() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket()) {
                plain.setSoTimeout(10_000);
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress("127.0.0.1", k.os.getsockname(listener).port()));
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                OutputStream out = plain.getOutputStream();
                // Two elements written by hand, cut at awkward places: inside the first prefix, inside the
                // first element, and across the second prefix.
                byte[] wire = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0, 3, 'a', 'b', 'c'};
                out.write(wire, 0, 2);
                out.flush();
                QResult early = new QResult();
                long first = k.os.pop(server);
                assertEquals(Errno.ETIMEDOUT, k.os.wait(first, early, 20_000_000L), "half a prefix is not an element");
                out.write(wire, 2, 5);
                out.flush();
                out.write(wire, 7, wire.length - 7);
                out.flush();
                QResult r = k.ok(first, Opcode.POP);
                assertEquals("hello", r.sga().toUtf8());
                k.os.sgaFree(r.sga());
                assertEquals("abc", new String(k.pop(server), StandardCharsets.UTF_8));

                k.push(server, "xyz!".getBytes(StandardCharsets.UTF_8));
                DataInputStream in = new DataInputStream(plain.getInputStream());
                assertEquals(4, in.readInt(), "4-byte big-endian length prefix");
                assertArrayEquals("xyz!".getBytes(StandardCharsets.UTF_8), in.readNBytes(4));
            }
        }
    }

    @Test
    void peerCloseCompletesPopsWithEmptyElements() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                long pending = k.os.pop(server);
                plain.getOutputStream().write(new byte[] {0, 0, 0, 2, 'o', 'k'});
                hangUp(plain);
                QResult r = k.ok(pending, Opcode.POP);
                assertEquals("ok", r.sga().toUtf8());
                k.os.sgaFree(r.sga());
                for (int i = 0; i < 2; i++) {
                    QResult eof = k.ok(k.os.pop(server), Opcode.POP);
                    assertEquals(0, eof.sga().segmentCount(), "end of stream is an empty element");
                    k.os.sgaFree(eof.sga());
                }
            }
        }
    }

    @Test
    void streamEndingInsideAnElementIsAFramingError() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                plain.getOutputStream().write(new byte[] {0, 0, 0, 9, 'c', 'u', 't'});
                hangUp(plain);
                k.failed(k.os.pop(server), Opcode.POP, Errno.EPROTOTYPE);
                k.failed(k.os.pop(server), Opcode.POP, Errno.EPROTOTYPE);
            }
        }
    }

    @Test
    void aZeroPrefixResetsTheConnection() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                plain.setSoTimeout(10_000);
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                plain.getOutputStream().write(new byte[] {0, 0, 0, 0});
                k.failed(k.os.pop(server), Opcode.POP, Errno.EPROTOTYPE);
                Sga sga = k.element(new byte[] {1});
                long push = k.os.push(server, sga);
                k.os.sgaFree(sga);
                k.failed(push, Opcode.PUSH, Errno.EPIPE);
                assertPeerSeesReset(plain.getInputStream());
            }
        }
    }

    @Test
    void aValidPrefixAboveThisSidesMaximumIsEmsgsize() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                plain.setSoTimeout(10_000);
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                // 2 MiB: a valid prefix (at most Framing.MAX_ELEMENT) above this side's 1 MiB maxElement.
                plain.getOutputStream().write(new byte[] {0, 0x20, 0, 0});
                k.failed(k.os.pop(server), Opcode.POP, Errno.EMSGSIZE);
                assertPeerSeesReset(plain.getInputStream());
            }
        }
    }

    @Test
    void aPrefixAboveTheFormatsMaximumIsAFramingError() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                plain.setSoTimeout(10_000);
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                plain.getOutputStream().write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                k.failed(k.os.pop(server), Opcode.POP, Errno.EPROTOTYPE);
                assertPeerSeesReset(plain.getInputStream());
            }
        }
    }

    /** Closes the plain peer now (its try-with-resources closes it again, harmlessly). */
    static void hangUp(Socket plain) throws java.io.IOException {
        plain.close();
    }

    static void assertPeerSeesReset(InputStream in) {
        try {
            int b = in.read();
            throw new AssertionError("expected a reset, read " + b);
        } catch (java.net.SocketException e) {
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e::getMessage);
        } catch (java.io.IOException e) {
            throw new AssertionError("expected a reset", e);
        }
    }
}
