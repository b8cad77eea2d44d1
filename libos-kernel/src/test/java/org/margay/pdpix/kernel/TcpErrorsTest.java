package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/** TCP failures over real loopback sockets: refused, timed out, reset, misuse, and closing with work pending. */
class TcpErrorsTest {

    @Test
    void connectToAClosedPortIsRefusedAndTheQueueCanTryAgain() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Kernel k = Kernel.open()) {
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            k.failed(k.os.connect(client, InetEndpoint.of("127.0.0.1", closedPort)), Opcode.CONNECT, Errno.ECONNREFUSED);
            assertThrows(PdpixException.class, () -> k.os.getpeername(client));
            int listener = k.listener();
            long connect = k.os.connect(client, k.os.getsockname(listener));
            int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
            k.ok(connect, Opcode.CONNECT);
            k.push(client, new byte[] {9});
            assertArrayEquals(new byte[] {9}, k.pop(server));
        }
    }

    @Test
    void pushesAndPopsMadeWhileConnectingFailWithTheConnectError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Kernel k = Kernel.open()) {
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            long connect = k.os.connect(client, InetEndpoint.of("127.0.0.1", closedPort));
            Sga sga = k.element(new byte[] {1, 2});
            long push = k.os.push(client, sga);
            k.os.sgaFree(sga);
            long pop = k.os.pop(client);
            k.failed(connect, Opcode.CONNECT, Errno.ECONNREFUSED);
            k.failed(push, Opcode.PUSH, Errno.ECONNREFUSED);
            k.failed(pop, Opcode.POP, Errno.ECONNREFUSED);
        }
    }

    @Test
    void connectGivesUpAfterTheConfiguredTimeout() throws Exception {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs, so a connect
        // hangs in SYN-SENT until the library OS gives up (kernel.connect-timeout).
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocketChannel full = ServerSocketChannel.open(StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            boolean stalled = false;
            for (int i = 0; i < 8 && !stalled; i++) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET);
                fillers.add(c);
                c.configureBlocking(false);
                if (!c.connect(full.getLocalAddress())) {
                    SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT);
                    stalled = selector.select(300) == 0;
                    key.cancel();
                    selector.selectNow();
                }
            }
            Assumptions.assumeTrue(stalled, "the kernel completed every connect to a full accept queue"
                    + " (net.ipv4.tcp_abort_on_overflow or a large backlog): cannot make a connect hang here");
            try (Kernel k = Kernel.open(KernelConfig.CONNECT_TIMEOUT, "200ms")) {
                int client = k.os.socket(Domain.INET, SocketType.STREAM);
                InetSocketAddress at = (InetSocketAddress) full.getLocalAddress();
                long connect = k.os.connect(client, InetEndpoint.of("127.0.0.1", at.getPort()));
                long pop = k.os.pop(client);
                k.failed(connect, Opcode.CONNECT, Errno.ETIMEDOUT);
                k.failed(pop, Opcode.POP, Errno.ETIMEDOUT);
            }
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void aPeerResetFailsPendingAndLaterOperations() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                long pending = k.os.pop(server);
                plain.setSoLinger(true, 0);
                TcpTest.hangUp(plain);      // RST
                k.failed(pending, Opcode.POP, Errno.ECONNRESET);
                k.failed(k.os.pop(server), Opcode.POP, Errno.ECONNRESET);
                Sga sga = k.element(new byte[] {1});
                long push = k.os.push(server, sga);
                k.os.sgaFree(sga);
                k.failed(push, Opcode.PUSH, Errno.EPIPE);
                assertThrows(PdpixException.class, () -> k.os.getpeername(server));
                k.os.close(server);
            }
        }
    }

    @Test
    void pushingToAPeerThatResetFailsWithEpipeOrEconnreset() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                plain.setSoLinger(true, 0);
                TcpTest.hangUp(plain);
                // The first writes may still be taken by the kernel before it processes the RST; keep pushing.
                int err = Errno.OK;
                for (int i = 0; i < 100 && err == Errno.OK; i++) {
                    Sga sga = k.element(new byte[1000]);
                    long qt = k.os.push(server, sga);
                    k.os.sgaFree(sga);
                    QResult r = k.await(qt);
                    err = r.ret();
                }
                assertTrue(err == Errno.EPIPE || err == Errno.ECONNRESET, "push after reset: " + Errno.name(err));
            }
        }
    }

    @Test
    void closeCancelsPendingOperations() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            int[] p = k.pair(listener);
            long pop = k.os.pop(p[1]);
            long accept = k.os.accept(listener);
            QResult r = new QResult();
            assertEquals(Errno.ETIMEDOUT, k.os.wait(pop, r, 0));
            k.os.close(p[1]);
            k.os.close(listener);
            k.failed(pop, Opcode.POP, Errno.ECANCELED);
            k.failed(accept, Opcode.ACCEPT, Errno.ECANCELED);
            QResult eof = k.ok(k.os.pop(p[0]), Opcode.POP);
            assertEquals(0, eof.sga().segmentCount(), "the peer of a closed queue reads end of stream");
            k.os.sgaFree(eof.sga());
        }
    }

    @Test
    void closeCancelsAConnectInProgress() throws Exception {
        List<SocketChannel> fillers = new ArrayList<>();
        try (ServerSocketChannel full = ServerSocketChannel.open(StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            boolean stalled = false;
            for (int i = 0; i < 8 && !stalled; i++) {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET);
                fillers.add(c);
                c.configureBlocking(false);
                if (!c.connect(full.getLocalAddress())) {
                    SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT);
                    stalled = selector.select(300) == 0;
                    key.cancel();
                    selector.selectNow();
                }
            }
            Assumptions.assumeTrue(stalled, "cannot make a connect hang on this kernel");
            try (Kernel k = Kernel.open()) {
                int client = k.os.socket(Domain.INET, SocketType.STREAM);
                long connect = k.os.connect(client, InetEndpoint.of("127.0.0.1", ((InetSocketAddress) full.getLocalAddress()).getPort()));
                assertEquals(Errno.ETIMEDOUT, k.os.wait(connect, new QResult(), 0));
                k.os.close(client);
                k.failed(connect, Opcode.CONNECT, Errno.ECANCELED);
            }
        } finally {
            for (SocketChannel c : fillers) {
                c.close();
            }
        }
    }

    @Test
    void asyncCloseCompletesAndTheDescriptorIsGone() {
        try (Kernel k = Kernel.open()) {
            int[] p = k.pair(k.listener());
            long pop = k.os.pop(p[1]);
            long close = k.os.asyncClose(p[1]);
            k.failed(pop, Opcode.POP, Errno.ECANCELED);
            k.ok(close, Opcode.CLOSE);
            assertEquals(-Errno.EBADF, k.os.pop(p[1]));
            PdpixException twice = assertThrows(PdpixException.class, () -> k.os.close(p[1]));
            assertEquals(Errno.EBADF, twice.errno());
        }
    }

    @Test
    void misuseIsReportedWithAnErrno() {
        try (Kernel k = Kernel.open()) {
            int q = k.os.socket(Domain.INET, SocketType.STREAM);
            Sga sga = k.element(new byte[] {1});
            k.failed(k.os.push(q, sga), Opcode.PUSH, Errno.ENOTCONN);
            k.failed(k.os.pop(q), Opcode.POP, Errno.ENOTCONN);
            k.failed(k.os.accept(q), Opcode.ACCEPT, Errno.EINVAL);
            assertEquals(Errno.ENOTCONN, assertThrows(PdpixException.class, () -> k.os.getpeername(q)).errno());
            assertEquals(InetEndpoint.ANY, k.os.getsockname(q));

            int listener = k.listener();
            k.failed(k.os.pop(listener), Opcode.POP, Errno.ENOTCONN);
            k.failed(k.os.push(listener, sga), Opcode.PUSH, Errno.ENOTCONN);
            k.failed(k.os.connect(listener, k.os.getsockname(listener)), Opcode.CONNECT, Errno.EISCONN);
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> k.os.bind(listener, Kernel.LOOPBACK_ANY_PORT)).errno());

            int[] p = k.pair(listener);
            k.failed(k.os.connect(p[0], k.os.getsockname(listener)), Opcode.CONNECT, Errno.EISCONN);
            k.failed(k.os.pushTo(p[0], sga, InetEndpoint.of("127.0.0.1", 9)), Opcode.PUSH, Errno.EISCONN);
            assertEquals(Errno.EINVAL, assertThrows(PdpixException.class, () -> k.os.listen(p[0], 4)).errno());
            k.os.sgaFree(sga);

            k.os.close(q);
            Sga late = k.element(new byte[] {1});
            assertEquals(-Errno.EBADF, k.os.push(q, late), "push on a closed descriptor");
            assertEquals(-Errno.EBADF, k.os.pop(q), "pop on a closed descriptor");
            k.os.sgaFree(late);
        }
    }

    @Test
    void bindingAPortInUseIsEaddrinuse() {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            int other = k.os.socket(Domain.INET, SocketType.STREAM);
            PdpixException e = assertThrows(PdpixException.class, () -> k.os.bind(other, k.os.getsockname(listener)));
            assertEquals(Errno.EADDRINUSE, e.errno(), e::getMessage);
            PdpixException notLocal = assertThrows(PdpixException.class, () -> k.os.bind(other, InetEndpoint.of("192.0.2.1", 0)));
            assertEquals(Errno.EADDRNOTAVAIL, notLocal.errno(), notLocal::getMessage);
        }
    }

    @Test
    void lingerZeroClosesWithAReset() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                plain.setSoTimeout(10_000);
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                k.os.setsockopt(server, SocketOption.SO_LINGER, 0);
                assertEquals(0, k.os.getsockopt(server, SocketOption.SO_LINGER));
                k.os.close(server);
                TcpTest.assertPeerSeesReset(plain.getInputStream());
            }
        }
    }

    @Test
    void aGracefulCloseDeliversEverythingPushedBeforeIt() throws Exception {
        try (Kernel k = Kernel.open()) {
            int listener = k.listener();
            k.os.setsockopt(listener, SocketOption.FRAMING, org.margay.pdpix.Framing.RAW_STREAM);
            try (Socket plain = new Socket("127.0.0.1", k.os.getsockname(listener).port())) {
                plain.setSoTimeout(10_000);
                int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
                byte[] data = Kernel.pattern(200_000, 5);
                Sga sga = k.element(data);
                long push = k.os.push(server, sga);
                k.os.sgaFree(sga);
                // The push may still wait for room in the kernel: read while waiting for it.
                InputStream in = plain.getInputStream();
                byte[] got = new byte[data.length];
                int at = 0;
                QResult r = new QResult();
                while (k.os.wait(push, r, 0) == Errno.ETIMEDOUT) {
                    at += in.read(got, at, Math.min(4096, got.length - at));
                }
                assertEquals(Opcode.PUSH, r.opcode(), r::toString);
                k.os.close(server);
                while (at < got.length) {
                    int n = in.read(got, at, got.length - at);
                    assertTrue(n > 0, "end of stream after " + at + " bytes");
                    at += n;
                }
                assertArrayEquals(data, got);
                assertEquals(-1, in.read(), "FIN after the data");
            }
        }
    }

    @Test
    void aTimedOutBlockingPushStillArrivesWholeAndInOrder() {
        try (Kernel k = Kernel.open()) {
            int listener = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(listener, SocketOption.SO_RCVBUF, 16 * 1024);
            k.os.bind(listener, Kernel.LOOPBACK_ANY_PORT);
            k.os.listen(listener, 4);
            int client = k.os.socket(Domain.INET, SocketType.STREAM);
            k.os.setsockopt(client, SocketOption.SO_SNDBUF, 16 * 1024);
            long connect = k.os.connect(client, k.os.getsockname(listener));
            int server = k.ok(k.os.accept(listener), Opcode.ACCEPT).acceptedQd();
            k.ok(connect, Opcode.CONNECT);
            // Nobody reads: blocking pushes succeed until the kernel's buffers are full, then one times out.
            int sent = 0;
            int err = Errno.OK;
            while (err == Errno.OK) {
                assertTrue(sent < 1000, "the kernel never ran out of room");
                Sga sga = k.element(Kernel.pattern(100_000, sent));
                err = k.os.blockingPush(client, sga, 1_000_000L);
                k.os.sgaFree(sga);
                sent++;
            }
            assertEquals(Errno.ETIMEDOUT, err);
            // The timed-out push was already partly written: it is finished in the background, not withdrawn.
            for (int i = 0; i < sent; i++) {
                assertArrayEquals(Kernel.pattern(100_000, i), k.pop(server), "element " + i + " of " + sent);
            }
        }
    }

    @Test
    void staleAndForeignTokensAreDetected() {
        try (Kernel k = Kernel.open(); Kernel other = Kernel.open()) {
            int[] p = k.pair(k.listener());
            Sga sga = k.element(new byte[] {1});
            long qt = k.os.push(p[0], sga);
            k.os.sgaFree(sga);
            k.ok(qt, Opcode.PUSH);
            assertEquals(Errno.ESTALE, k.os.wait(qt, new QResult(), 0));
            long foreign = other.os.pop(other.os.socket(Domain.INET, SocketType.DGRAM));
            assertTrue(!QTokens.isError(foreign));
            assertEquals(Errno.EXDEV, k.os.wait(foreign, new QResult(), 0));
            assertEquals(1, k.pop(p[1]).length);
        }
    }
}
