package org.margay.net.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/** ICMP values: emit writes correct checksums, parse(emit(x)) == x, and garbage gives a status. */
class IcmpReprTest {

    private static byte[] emit(IcmpRepr repr) {
        byte[] bytes = new byte[repr.bufferLength()];
        assertEquals(bytes.length, repr.emit(MemorySegment.ofArray(bytes), 0));
        return bytes;
    }

    private static IcmpRepr parse(byte[] bytes) {
        return IcmpRepr.parse(new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 0, bytes.length), true).orThrow();
    }

    @Test
    void echoRequestMatchesTheVector() {
        IcmpRepr echo = new IcmpRepr.EchoRequest(0, 0, null);
        assertEquals("0800f7ff00000000", HexFormat.of().formatHex(emit(echo)));
        assertEquals(echo, parse(emit(echo)));
    }

    @Test
    void echoReplyMirrorsTheRequest() {
        IcmpRepr.EchoRequest request = new IcmpRepr.EchoRequest(0x1234, 9, "ping".getBytes());
        IcmpRepr.EchoReply reply = request.reply();
        assertEquals(0x1234, reply.identifier());
        assertEquals(9, reply.sequence());
        assertArrayEquals("ping".getBytes(), reply.data());
        assertEquals(IcmpType.ECHO_REPLY, parse(emit(reply)).type());
        assertNotEquals(request, reply);
    }

    @Test
    void bitsTheRecordCannotHoldComeBackAsOther() {
        // Time Exceeded with a non-zero unused word (an RFC 4884 length, say) is kept exactly.
        byte[] bytes = emit(new IcmpRepr.TimeExceeded(0, new byte[8]));
        bytes[5] = 2;
        new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 0, bytes.length).fillChecksum(bytes.length);
        IcmpRepr.Other other = assertInstanceOf(IcmpRepr.Other.class, parse(bytes));
        assertEquals(0x00020000, other.restOfHeader());
        assertArrayEquals(bytes, emit(other));
    }

    @Test
    void parseReportsProblems() {
        Parsed<IcmpRepr> shortOne = IcmpRepr.parse(new IcmpMessage().wrap(MemorySegment.ofArray(new byte[7]), 0, 7));
        assertEquals(WireStatus.TRUNCATED, ((Parsed.Invalid<IcmpRepr>) shortOne).status());
        byte[] bytes = emit(new IcmpRepr.EchoRequest(1, 1, new byte[3]));
        bytes[10] = 1;
        IcmpMessage message = new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertTrue(IcmpRepr.parse(message).isOk());
        assertEquals(WireStatus.BAD_CHECKSUM, ((Parsed.Invalid<IcmpRepr>) IcmpRepr.parse(message, true)).status());
    }

    @Test
    void constructorsRejectValuesTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.EchoRequest(0x10000, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.DestinationUnreachable(256, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.ParameterProblem(0, 300, null));
        assertThrows(IllegalArgumentException.class, () -> new IcmpRepr.Other(-1, 0, 0, null));
    }

    /** A random value of any kind; {@link IcmpRepr.Other} only for types no record claims and no fixed body needs. */
    static IcmpRepr randomRepr(Random random) {
        byte[] data = new byte[random.nextInt(64)];
        random.nextBytes(data);
        int[] otherTypes = {IcmpType.SOURCE_QUENCH, IcmpType.ROUTER_SOLICITATION, IcmpType.INFORMATION_REQUEST,
                IcmpType.INFORMATION_REPLY, 42, 200, 255};
        return switch (random.nextInt(7)) {
            case 0 -> new IcmpRepr.EchoRequest(random.nextInt(0x10000), random.nextInt(0x10000), data);
            case 1 -> new IcmpRepr.EchoReply(random.nextInt(0x10000), random.nextInt(0x10000), data);
            case 2 -> new IcmpRepr.DestinationUnreachable(random.nextInt(16), random.nextInt(0x10000), data);
            case 3 -> new IcmpRepr.Redirect(random.nextInt(4), random.nextInt(), data);
            case 4 -> new IcmpRepr.TimeExceeded(random.nextInt(2), data);
            case 5 -> new IcmpRepr.ParameterProblem(random.nextInt(3), random.nextInt(256), data);
            default -> new IcmpRepr.Other(otherTypes[random.nextInt(otherTypes.length)], random.nextInt(256),
                    random.nextInt(), data);
        };
    }

    @Test
    void parseOfEmitIsIdentity() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            IcmpRepr repr = randomRepr(new Random(seed));
            byte[] bytes = new byte[4 + repr.bufferLength()];
            repr.emit(MemorySegment.ofArray(bytes), 4);
            IcmpMessage message = new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 4, repr.bufferLength());
            assertTrue(message.checksumValid(repr.bufferLength()));
            IcmpRepr parsed = IcmpRepr.parse(message, true).orThrow();
            assertEquals(repr, parsed);
            assertEquals(repr.hashCode(), parsed.hashCode());
        });
    }

    @Test
    void emitOfParseReproducesTheBytes() {
        qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[8 + random.nextInt(40)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                bytes[0] = (byte) new int[] {0, 3, 5, 8, 11, 12}[random.nextInt(6)];
            }
            IcmpMessage message = new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            Parsed<IcmpRepr> parsed = IcmpRepr.parse(message);
            if (parsed instanceof Parsed.Ok<IcmpRepr> ok) {
                message.fillChecksum(bytes.length);
                assertArrayEquals(bytes, emit(ok.value()), ok.value()::toString);
            } else {
                assertNotEquals(WireStatus.OK, message.check());
            }
        });
    }

    @Test
    void randomBytesAndTruncationsNeverThrow() {
        qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(48)];
            random.nextBytes(bytes);
            for (int length = 0; length <= bytes.length; length++) {
                IcmpMessage message = new IcmpMessage().wrap(MemorySegment.ofArray(bytes), 0, length);
                WireStatus status = message.check();
                message.checksumValid();
                message.quotedDatagramLength();
                IcmpRepr.parse(message, random.nextBoolean());
                if (status == WireStatus.OK) {
                    message.type();
                    message.code();
                    message.checksum();
                    message.restOfHeader();
                    message.computeChecksum(length);
                    assertTrue(message.quotedDatagramOffset() + message.quotedDatagramLength() <= length);
                    if (message.type() == IcmpType.ROUTER_ADVERTISEMENT) {
                        for (int i = 0; i < message.advertisementCount(); i++) {
                            message.routerAddress(i);
                            message.preferenceLevel(i);
                        }
                    }
                    if (message.type() == IcmpType.TIMESTAMP_REQUEST || message.type() == IcmpType.TIMESTAMP_REPLY) {
                        message.transmitTimestamp();
                    }
                    if (message.type() == IcmpType.ADDRESS_MASK_REPLY) {
                        message.addressMask();
                    }
                }
            }
        });
    }

    @Test
    void bodiesAreCopied() {
        byte[] data = {1, 2, 3};
        IcmpRepr.EchoRequest echo = new IcmpRepr.EchoRequest(1, 1, data);
        data[0] = 9;
        echo.data()[1] = 9;
        echo.body()[2] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, echo.data());
        assertEquals(MemorySegment.ofArray(new byte[] {1, 2, 3}).byteSize(), echo.data().length);
        assertEquals(11, echo.bufferLength());
        assertTrue(emit(echo)[8] == 1 && ValueLayout.JAVA_BYTE.byteSize() == 1);
    }
}
