package org.margay.pdpix.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * {@code setsockopt}/{@code getsockopt} for every option PDPIX names, on STREAM and DGRAM queues, and the
 * effects the suite can observe portably (SO_LINGER 0 resets, SO_REUSEADDR over TIME-WAIT, FRAMING inherited
 * by accepted queues). An option the library OS cannot honour skips with its reason.
 */
public abstract class SocketOptionContract extends ContractTestBase {

    static Stream<Arguments> exactOptions() {
        return Stream.of(
                Arguments.of(SocketOption.TCP_NODELAY, true),
                Arguments.of(SocketOption.TCP_NODELAY, false),
                Arguments.of(SocketOption.SO_KEEPALIVE, true),
                Arguments.of(SocketOption.SO_KEEPALIVE, false),
                Arguments.of(SocketOption.SO_LINGER, 0),
                Arguments.of(SocketOption.SO_LINGER, 5),
                Arguments.of(SocketOption.SO_REUSEADDR, true),
                Arguments.of(SocketOption.SO_REUSEADDR, false),
                Arguments.of(SocketOption.FRAMING, Framing.RAW_STREAM),
                Arguments.of(SocketOption.FRAMING, Framing.LENGTH_PREFIXED));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("exactOptions")
    <T> void aStreamOptionReadsBackAsSet(SocketOption<T> option, T value) {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, qd, option, value);
        assertEquals(value, client.getsockopt(qd, option));
        client.close(qd);
    }

    @Test
    void lingerOffReadsBackNegative() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, qd, SocketOption.SO_LINGER, 5);
        assumeSetOption(client, qd, SocketOption.SO_LINGER, -1);
        assertTrue(client.getsockopt(qd, SocketOption.SO_LINGER) < 0, "linger off");
        client.close(qd);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bufferOptions")
    void bufferSizesReadBackAtLeastHalfOfWhatWasSet(SocketOption<Integer> option) {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, qd, option, 65536);
        int got = client.getsockopt(qd, option);
        // Linux doubles the value it is given for its own bookkeeping; a library OS may also round.
        assertTrue(got >= 32768, () -> option + " set to 65536 reads back " + got);
        client.close(qd);
    }

    static Stream<SocketOption<Integer>> bufferOptions() {
        return Stream.of(SocketOption.SO_RCVBUF, SocketOption.SO_SNDBUF);
    }

    @Test
    void maxSegmentReadsBackNoLargerThanSet() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, qd, SocketOption.TCP_MAXSEG, 1000);
        int got = client.getsockopt(qd, SocketOption.TCP_MAXSEG);
        assertTrue(got > 0 && got <= 1000, () -> "TCP_MAXSEG set to 1000 reads back " + got);
        client.close(qd);
    }

    @Test
    void elementsCrossWithASmallMaxSegment() {
        int l = listener();
        int c = client.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(client, c, SocketOption.TCP_MAXSEG, 600);
        Connection conn = connect(l, c);
        int inUse = client.getsockopt(c, SocketOption.TCP_MAXSEG);
        assertTrue(inUse > 0 && inUse <= 600, () -> "TCP_MAXSEG set to 600 before connect reads back " + inUse);
        assertCrossesAsOneElement(client, c, server, conn.serverQd(), pattern(10_000, 3));
        assertCrossesAsOneElement(server, conn.serverQd(), client, c, pattern(10_000, 4));
        client.close(c);
        server.close(conn.serverQd());
        server.close(l);
    }

    @Test
    void elementsCrossWithNoDelayAndKeepalive() {
        Connection conn = connection();
        assumeSetOption(client, conn.clientQd(), SocketOption.TCP_NODELAY, true);
        assumeSetOption(server, conn.serverQd(), SocketOption.SO_KEEPALIVE, true);
        for (int i = 0; i < 20; i++) {
            assertCrossesAsOneElement(client, conn.clientQd(), server, conn.serverQd(), pattern(1 + i, i));
        }
        client.close(conn.clientQd());
        server.close(conn.serverQd());
        server.close(conn.listenerQd());
    }

    @Test
    void elementsCrossWithNagleOn() {
        Connection conn = connection();
        assumeSetOption(client, conn.clientQd(), SocketOption.TCP_NODELAY, false);
        assumeSetOption(server, conn.serverQd(), SocketOption.TCP_NODELAY, false);
        for (int i = 0; i < 5; i++) {
            assertCrossesAsOneElement(client, conn.clientQd(), server, conn.serverQd(), pattern(3 + i, i));
            assertCrossesAsOneElement(server, conn.serverQd(), client, conn.clientQd(), pattern(5 + i, i));
        }
        client.close(conn.clientQd());
        server.close(conn.serverQd());
        server.close(conn.listenerQd());
    }

    @Test
    void noDelayAndKeepaliveChangeOnAConnectedQueue() {
        Connection conn = connection();
        for (boolean on : new boolean[] {true, false, true}) {
            assumeSetOption(client, conn.clientQd(), SocketOption.TCP_NODELAY, on);
            assertEquals(on, client.getsockopt(conn.clientQd(), SocketOption.TCP_NODELAY));
            assumeSetOption(client, conn.clientQd(), SocketOption.SO_KEEPALIVE, on);
            assertEquals(on, client.getsockopt(conn.clientQd(), SocketOption.SO_KEEPALIVE));
        }
        assertCrossesAsOneElement(client, conn.clientQd(), server, conn.serverQd(), pattern(100, 7));
        client.close(conn.clientQd());
        server.close(conn.serverQd());
        server.close(conn.listenerQd());
    }

    @Test
    void optionsSetOnAListenerReachAcceptedQueues() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(server, l, SocketOption.SO_RCVBUF, 65536);
        assumeSetOption(server, l, SocketOption.SO_KEEPALIVE, true);
        server.bind(l, under.serverEndpoint(0));
        server.listen(l, 4);
        Connection conn = connect(l, client.socket(Domain.INET, SocketType.STREAM));
        assertTrue(server.getsockopt(conn.serverQd(), SocketOption.SO_KEEPALIVE), "SO_KEEPALIVE inherited");
        int rcvbuf = server.getsockopt(conn.serverQd(), SocketOption.SO_RCVBUF);
        assertTrue(rcvbuf >= 32768, () -> "SO_RCVBUF 65536 on the listener; the accepted queue reads " + rcvbuf);
        assertCrossesAsOneElement(client, conn.clientQd(), server, conn.serverQd(), pattern(70_000, 8));
        client.close(conn.clientQd());
        server.close(conn.serverQd());
        server.close(l);
    }

    @Test
    void framingDefaultsToLengthPrefixed() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        assertEquals(Framing.LENGTH_PREFIXED, client.getsockopt(qd, SocketOption.FRAMING));
        client.close(qd);
    }

    @Test
    void acceptedQueuesInheritTheListenersFraming() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        server.setsockopt(l, SocketOption.FRAMING, Framing.RAW_STREAM);
        server.bind(l, under.serverEndpoint(0));
        server.listen(l, 4);
        Connection conn = connect(l, client.socket(Domain.INET, SocketType.STREAM));
        assertEquals(Framing.RAW_STREAM, server.getsockopt(conn.serverQd(), SocketOption.FRAMING));
        assertEquals(Framing.LENGTH_PREFIXED, client.getsockopt(conn.clientQd(), SocketOption.FRAMING));
        client.close(conn.clientQd());
        server.close(conn.serverQd());
        server.close(l);
    }

    @Test
    void lingerZeroResetsTheConnectionOnClose() {
        Connection conn = connection();
        assumeSetOption(client, conn.clientQd(), SocketOption.SO_LINGER, 0);
        long pop = server.pop(conn.serverQd());
        client.close(conn.clientQd());
        assertEquals(Errno.ECONNRESET, awaitFailed(server, pop), "an abortive close resets the peer");
        server.close(conn.serverQd());
        server.close(conn.listenerQd());
    }

    @Test
    void reuseAddressAllowsRebindingOverTimeWait() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        assumeSetOption(server, l, SocketOption.SO_REUSEADDR, true);
        server.bind(l, under.serverEndpoint(0));
        server.listen(l, 4);
        int port = port(server, l);
        Connection conn = connect(l, client.socket(Domain.INET, SocketType.STREAM));
        // The server closes first, so its side of the connection goes to TIME-WAIT (RFC 9293 §3.6).
        long clientEof = client.pop(conn.clientQd());
        awaitOk(server, server.asyncClose(conn.serverQd()), Opcode.CLOSE);
        QResult eof = awaitOk(client, clientEof, Opcode.POP);
        assertEquals(0, eof.sga().segmentCount());
        client.sgaFree(eof.sga());
        awaitOk(client, client.asyncClose(conn.clientQd()), Opcode.CLOSE);
        server.close(l);

        int again = server.socket(Domain.INET, SocketType.STREAM);
        server.setsockopt(again, SocketOption.SO_REUSEADDR, true);
        server.bind(again, under.serverEndpoint(port));
        server.listen(again, 4);
        Connection second = connect(again, client.socket(Domain.INET, SocketType.STREAM));
        assertCrossesAsOneElement(client, second.clientQd(), server, second.serverQd(), pattern(64, 9));
        client.close(second.clientQd());
        server.close(second.serverQd());
        server.close(again);
    }

    @Test
    void streamOnlyOptionsAreRefusedOnDatagramQueues() {
        int u = client.socket(Domain.INET, SocketType.DGRAM);
        for (SocketOption<?> option : new SocketOption<?>[] {SocketOption.TCP_NODELAY, SocketOption.TCP_MAXSEG, SocketOption.FRAMING}) {
            int errno = pdpixErrno(() -> client.getsockopt(u, option));
            assertTrue(errno == Errno.ENOPROTOOPT || errno == Errno.EOPNOTSUPP, () -> option + " on UDP: " + Errno.name(errno));
        }
        int errno = pdpixErrno(() -> client.setsockopt(u, SocketOption.TCP_NODELAY, true));
        assertTrue(errno == Errno.ENOPROTOOPT || errno == Errno.EOPNOTSUPP, () -> "TCP_NODELAY on UDP: " + Errno.name(errno));
        client.close(u);
    }

    @Test
    void datagramBufferSizesCanBeSet() {
        int u = client.socket(Domain.INET, SocketType.DGRAM);
        assumeSetOption(client, u, SocketOption.SO_RCVBUF, 65536);
        assertTrue(client.getsockopt(u, SocketOption.SO_RCVBUF) >= 32768);
        client.close(u);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsInvalid() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        SocketOption raw = SocketOption.TCP_NODELAY;
        assertEquals(Errno.EINVAL, pdpixErrno(() -> client.setsockopt(qd, raw, 42)));
        client.close(qd);
    }

    @Test
    void optionsOnAClosedQueueAreBadDescriptor() {
        int qd = client.socket(Domain.INET, SocketType.STREAM);
        client.close(qd);
        assertEquals(Errno.EBADF, pdpixErrno(() -> client.setsockopt(qd, SocketOption.TCP_NODELAY, true)));
        assertEquals(Errno.EBADF, pdpixErrno(() -> client.getsockopt(qd, SocketOption.TCP_NODELAY)));
    }
}
