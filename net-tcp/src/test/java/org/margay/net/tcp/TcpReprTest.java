package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.TestBytes.LOOPBACK;
import static org.margay.net.tcp.TestBytes.hex;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.margay.net.common.Bytes;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;

class TcpReprTest {

    @Test
    void linuxSynEmitsTheLinuxLayout() {
        TcpRepr syn = new TcpRepr(40000, 80, 0xFFFFFF00, 0, TcpSegment.SYN, 64240, 0,
                TcpOptionSet.syn(1460, 7, 1, 0), 0);
        assertEquals(40, syn.headerLength());
        assertEquals(1, syn.segmentLength());
        MemorySegment bytes = MemorySegment.ofArray(new byte[40]);
        syn.emit(bytes, 0);
        assertEquals(Bytes.hex(hex(TcpSegmentTest.LINUX_SYN), 0, 40), Bytes.hex(bytes, 0, 40));
        assertEquals(Parsed.ok(syn), TcpRepr.parse(new TcpSegment().wrap(bytes, 0, 40)));
    }

    @Test
    void corpusSynVectorRoundTripsWithItsChecksum() {
        TcpRepr syn = new TcpRepr(30000, 80, 0, 0, TcpSegment.SYN, 8192, 0, TcpOptionSet.NONE, 0);
        MemorySegment bytes = MemorySegment.ofArray(new byte[20]);
        syn.emit(bytes, 0, LOOPBACK, LOOPBACK);
        assertEquals("753000500000000000000000500220001c600000", Bytes.hex(bytes, 0, 20));
    }

    @Test
    void alignedLayoutsForOtherOptionMixes() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[60]);
        TcpOptionSet dataWithSack = new TcpOptionSet(OptionalInt.empty(), OptionalInt.empty(), false,
                Optional.of(new TcpOptionSet.Timestamps(5, 6)),
                List.of(new TcpOptionSet.SackBlock(100, 200), new TcpOptionSet.SackBlock(300, 400)));
        TcpRepr ack = new TcpRepr(1, 2, 3, 4, TcpSegment.ACK, 5, 0, dataWithSack, 0);
        ack.emit(bytes, 0);
        assertEquals("0101080a0000000500000006" + "0101051200000064000000c80000012c00000190",
                Bytes.hex(bytes, 20, 32));
        TcpOptionSet sackPermOnly = new TcpOptionSet(OptionalInt.of(536), OptionalInt.empty(), true,
                Optional.empty(), List.of());
        new TcpRepr(1, 2, 3, 4, TcpSegment.SYN, 5, 0, sackPermOnly, 0).emit(bytes, 0);
        assertEquals("020402180101" + "0402", Bytes.hex(bytes, 20, 8));
    }

    @Test
    void payloadAndChecksum() {
        TcpRepr data = new TcpRepr(5000, 6000, 1, 2, TcpSegment.ACK | TcpSegment.PSH, 512, 0, TcpOptionSet.NONE, 5);
        MemorySegment bytes = MemorySegment.ofArray(new byte[8 + 25]);
        MemorySegment.copy(hex("68656c6c6f"), 0, bytes, 8 + 20, 5);
        data.emit(bytes, 8, 0x0A00_0001, 0x0A00_0002);
        TcpSegment view = new TcpSegment().wrap(bytes, 8, 25);
        assertTrue(view.checksumValid(0x0A00_0001, 0x0A00_0002));
        assertEquals(28, view.payloadOffset());
        assertEquals(Parsed.ok(data), TcpRepr.parse(view));
    }

    @Test
    void parseExplainsWhatIsWrong() {
        Parsed<TcpRepr> bad = TcpRepr.parse(new TcpSegment().wrap(
                hex("0001 0002 00000000 00000000 6002 2000 0000 0000 020305 01"), 0, 24));
        Parsed.Invalid<TcpRepr> invalid = (Parsed.Invalid<TcpRepr>) bad;
        assertEquals(WireStatus.BAD_OPTION, invalid.status());
        assertEquals("malformed option kind 2 at header byte 20", invalid.detail());
        assertEquals(WireStatus.TRUNCATED,
                ((Parsed.Invalid<TcpRepr>) TcpRepr.parse(new TcpSegment().wrap(hex("0001"), 0, 2))).status());
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new TcpRepr(70000, 1, 0, 0, 0, 0, 0, TcpOptionSet.NONE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TcpRepr(1, 1, 0, 0, 0x1000, 0, 0, TcpOptionSet.NONE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TcpRepr(1, 1, 0, 0, 0, 0, 0, TcpOptionSet.NONE, -1));
        TcpOptionSet.SackBlock block = new TcpOptionSet.SackBlock(1, 2);
        assertThrows(IllegalArgumentException.class, () -> new TcpOptionSet(OptionalInt.of(1460),
                OptionalInt.of(7), true, Optional.of(new TcpOptionSet.Timestamps(1, 2)),
                List.of(block, block, block)), "4 + 12 + 4 + 28 > 40");
        assertThrows(IllegalArgumentException.class, () -> new TcpOptionSet(OptionalInt.empty(),
                OptionalInt.of(256), false, Optional.empty(), List.of()));
    }
}
