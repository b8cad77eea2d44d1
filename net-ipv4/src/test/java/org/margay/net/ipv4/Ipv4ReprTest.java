package org.margay.net.ipv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/** The IPv4 value: emit writes the known header bit for bit, and parse(emit(x)) == x. */
class Ipv4ReprTest {

    @Test
    void emitsTheKnownHeader() {
        Ipv4Repr repr = new Ipv4Repr(0, 0, true, false, 0, 64, IpProtocol.UDP,
                Ipv4Address.parse("192.168.0.1"), Ipv4Address.parse("192.168.0.199"), new byte[0], 95);
        MemorySegment segment = MemorySegment.ofArray(new byte[20]);
        assertEquals(20, repr.emit(segment, 0));
        assertEquals(Ipv4PacketTest.KNOWN_HEADER, HexFormat.of().formatHex(segment.toArray(ValueLayout.JAVA_BYTE)));
        assertEquals(115, repr.totalLength());
    }

    @Test
    void parsesTheKnownHeader() {
        MemorySegment segment = MemorySegment.ofArray(new byte[115]);
        MemorySegment.copy(Ipv4PacketTest.hex(Ipv4PacketTest.KNOWN_HEADER), 0, segment, 0, 20);
        Ipv4Repr repr = Ipv4Repr.parse(new Ipv4Packet().wrap(segment, 0, 115), true).orThrow();
        assertEquals(new Ipv4Repr(0, 0, true, false, 0, 64, IpProtocol.UDP, Ipv4Address.parse("192.168.0.1"),
                Ipv4Address.parse("192.168.0.199"), null, 95), repr);
    }

    @Test
    void emitsOptionsAndLeavesHeadroom() {
        byte[] options = HexFormat.of().parseHex("94040000");
        Ipv4Repr repr = new Ipv4Repr(0xB8, 7, false, true, 3, 1, IpProtocol.IGMP, 0x0A000001, 0xE0000016, options, 8);
        MemorySegment segment = MemorySegment.ofArray(new byte[14 + 24 + 8]);
        assertEquals(24, repr.emit(segment, 14));
        Ipv4Packet ip = new Ipv4Packet().wrap(segment, 14, 32);
        assertEquals(WireStatus.OK, ip.check());
        assertTrue(ip.checksumValid());
        assertEquals(6, ip.ihl());
        assertEquals(3 * 8, ip.fragmentOffsetBytes());
        assertEquals(repr, Ipv4Repr.parse(ip).orThrow());
        assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, 0), "headroom untouched");
    }

    @Test
    void parseReportsProblemsInsteadOfThrowing() {
        Parsed<Ipv4Repr> truncated = Ipv4Repr.parse(new Ipv4Packet().wrap(MemorySegment.ofArray(new byte[5]), 0, 5));
        assertEquals(WireStatus.TRUNCATED, ((Parsed.Invalid<Ipv4Repr>) truncated).status());

        MemorySegment segment = Ipv4PacketTest.hex(Ipv4PacketTest.KNOWN_HEADER);
        Parsed<Ipv4Repr> cut = Ipv4Repr.parse(new Ipv4Packet().wrap(segment, 0, 20));
        Parsed.Invalid<Ipv4Repr> invalid = assertInstanceOf(Parsed.Invalid.class, cut);
        assertEquals(WireStatus.BAD_TOTAL_LENGTH, invalid.status());
        assertTrue(invalid.detail().contains("115"), invalid.detail());

        MemorySegment badOption = MemorySegment.ofArray(new byte[24]);
        new Ipv4Packet().wrap(badOption, 0, 24).version(4).ihl(6).totalLength(24);
        badOption.set(ValueLayout.JAVA_BYTE, 20, (byte) 0x07); // RR with length 0
        Parsed.Invalid<Ipv4Repr> option = assertInstanceOf(Parsed.Invalid.class,
                Ipv4Repr.parse(new Ipv4Packet().wrap(badOption, 0, 24)));
        assertEquals(WireStatus.BAD_OPTION, option.status());
        assertTrue(option.detail().contains("offset 20"), option.detail());

        MemorySegment wrongSum = MemorySegment.ofArray(new byte[115]);
        MemorySegment.copy(Ipv4PacketTest.hex(Ipv4PacketTest.KNOWN_HEADER), 0, wrongSum, 0, 20);
        new Ipv4Packet().wrap(wrongSum, 0, 115).headerChecksum(0);
        assertTrue(Ipv4Repr.parse(new Ipv4Packet().wrap(wrongSum, 0, 115)).isOk());
        assertEquals(WireStatus.BAD_CHECKSUM, ((Parsed.Invalid<Ipv4Repr>)
                Ipv4Repr.parse(new Ipv4Packet().wrap(wrongSum, 0, 115), true)).status());
    }

    @Test
    void constructorRejectsValuesTheWireCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.simple(0, 0, 6, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Repr.simple(0, 0, 6, 64, 65516));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, false, false, 8192, 64, 6, 0, 0, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, false, false, 0, 64, 6, 0, 0, new byte[3], 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Ipv4Repr(0, 0, false, false, 0, 64, 6, 0, 0, new byte[44], 0));
    }

    @Test
    void optionsAreCopied() {
        byte[] options = HexFormat.of().parseHex("01010100");
        Ipv4Repr repr = new Ipv4Repr(0, 0, false, false, 0, 64, 6, 0, 0, options, 0);
        options[0] = 7;
        repr.options()[1] = 7;
        assertEquals("01010100", HexFormat.of().formatHex(repr.options()));
    }

    /** A random valid repr: options drawn from well-formed NOP/EOL/RA/RR/TS pieces. */
    static Ipv4Repr randomRepr(Random random) {
        byte[] options = randomOptions(random);
        int maxPayload = 0xFFFF - 20 - options.length;
        return new Ipv4Repr(random.nextInt(256), random.nextInt(0x10000), random.nextBoolean(), random.nextBoolean(),
                random.nextInt(8192), random.nextInt(256), random.nextInt(256), random.nextInt(), random.nextInt(),
                options, random.nextInt(4) == 0 ? random.nextInt(maxPayload + 1) : random.nextInt(200));
    }

    static byte[] randomOptions(Random random) {
        String[] pieces = {"01", "9404 0000", "0707 04 00000000", "0707 08 0a000001", "440c 05 00 00000000 00000000",
                "440c 0d 01 0a000001 00000001", "8307 04 c0000201", "1e03 ff"};
        StringBuilder hex = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            String piece = pieces[random.nextInt(pieces.length)].replace(" ", "");
            if (hex.length() / 2 + piece.length() / 2 > 40) {
                break;
            }
            hex.append(piece);
        }
        while (hex.length() % 8 != 0) {
            hex.append("00");
        }
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void parseOfEmitIsIdentity() {
        qt().forAll(longs().all()).checkAssert(seed -> {
            Ipv4Repr repr = randomRepr(new Random(seed));
            MemorySegment segment = MemorySegment.ofArray(new byte[8 + repr.totalLength()]);
            int written = repr.emit(segment, 8);
            assertEquals(repr.headerLength(), written);
            Ipv4Packet ip = new Ipv4Packet().wrap(segment, 8, repr.totalLength());
            assertEquals(WireStatus.OK, ip.check(), repr::toString);
            assertTrue(ip.checksumValid());
            assertEquals(repr, Ipv4Repr.parse(ip, true).orThrow());
            assertEquals(repr.hashCode(), Ipv4Repr.parse(ip).orThrow().hashCode());
        });
    }
}
