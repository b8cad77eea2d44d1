package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.margay.net.tcp.TestBytes.hex;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private static final String BASE_HEADER = "0001 0002 00000064 000000c8";

    /** A header (flags ACK) around {@code options}, whose length must be a multiple of 4. */
    private static TcpSegment segmentWithOptions(String options) {
        int optionBytes = options.replace(" ", "").length() / 2;
        int dataOffset = 5 + optionBytes / 4;
        String header = BASE_HEADER + String.format("%x010", dataOffset) + "0100 0000 0000" + options;
        MemorySegment bytes = hex(header);
        return new TcpSegment().wrap(bytes, 0, (int) bytes.byteSize());
    }

    private static TcpOptions parse(String options) {
        TcpOptions holder = new TcpOptions();
        holder.parse(segmentWithOptions(options));
        return holder;
    }

    @Test
    void linuxSynCursorWalksInWireOrder() {
        MemorySegment bytes = hex(TcpSegmentTest.LINUX_SYN);
        TcpSegment tcp = new TcpSegment().wrap(bytes, 0, (int) bytes.byteSize());
        TcpOptionCursor cursor = new TcpOptionCursor().reset(bytes, tcp.optionsOffset(), tcp.optionsLength());
        List<String> seen = new ArrayList<>();
        while (cursor.next()) {
            seen.add(cursor.kind() + "@" + cursor.offset() + "/" + cursor.length());
        }
        assertEquals(List.of("2@20/4", "4@24/2", "8@26/10", "1@36/1", "3@37/3"), seen);
        assertEquals(WireStatus.OK, cursor.status());
    }

    @Test
    void writerLinuxSynPresetMatchesTheCapturedLayout() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[40]);
        TcpOptionsWriter writer = new TcpOptionsWriter().wrap(bytes, 20, 20).linuxSyn(1460, 1, 0, 7);
        assertEquals(20, writer.length());
        assertEquals(Bytes.hex(hex(TcpSegmentTest.LINUX_SYN), 20, 20), Bytes.hex(bytes, 20, 20));
    }

    @Test
    void writerPadsWithNopsAndRefusesOverflow() {
        MemorySegment bytes = MemorySegment.ofArray(new byte[40]);
        TcpOptionsWriter writer = new TcpOptionsWriter().wrap(bytes, 0, 40).windowScale(3).padToWord();
        assertEquals(4, writer.length());
        assertEquals("03030301", Bytes.hex(bytes, 0, 4));
        writer.padToWord();
        assertEquals(4, writer.length(), "already aligned");
        TcpOptionsWriter small = new TcpOptionsWriter().wrap(bytes, 0, 12);
        small.timestamps(1, 2);
        assertThrows(IllegalStateException.class, () -> small.mss(1460));
        assertEquals(10, small.length(), "a refused option writes nothing");
    }

    @Test
    void windowScale255IsClampedTo14() {
        // RFC 7323 §2.3; zeek's window-scale-range.pcap carries 255.
        TcpOptions options = parse("01 030 3ff");
        assertEquals(WireStatus.OK, options.status());
        assertEquals(255, options.windowScaleRaw());
        assertEquals(14, options.windowScale());
        assertTrue(options.windowScaleClamped());
        TcpOptions exact = parse("01 03030e");
        assertEquals(14, exact.windowScale());
        assertFalse(exact.windowScaleClamped());
    }

    @Test
    void sackBlocksOneToFour() {
        for (int n = 1; n <= 4; n++) {
            StringBuilder options = new StringBuilder("0101 05").append(String.format("%02x", 2 + 8 * n));
            for (int i = 0; i < n; i++) {
                options.append(String.format("%08x%08x", 0xFFFFFF00 + 0x100 * i, 0xFFFFFF80 + 0x100 * i));
            }
            TcpOptions parsed = parse(options.toString());
            assertEquals(WireStatus.OK, parsed.status(), n + " blocks");
            assertEquals(n, parsed.sackBlockCount());
            for (int i = 0; i < n; i++) {
                assertEquals(0xFFFFFF00 + 0x100 * i, parsed.sackLeft(i));
                assertEquals(0xFFFFFF80 + 0x100 * i, parsed.sackRight(i));
            }
            assertEquals(0xFFFFFF00L, parsed.sackLeftUnsigned(0));
            assertEquals(0xFFFFFF80L, parsed.sackRightUnsigned(0));
            assertEquals(2, parsed.nopCount());
        }
    }

    @Test
    void timestampsOnDataSegment() {
        TcpOptions options = parse("0101080a 80000001 fffffffe");
        assertTrue(options.hasTimestamps());
        assertEquals(0x80000001L, options.timestampValueUnsigned());
        assertEquals(0xFFFFFFFEL, options.timestampEchoReplyUnsigned());
        assertFalse(options.hasMss());
    }

    @Test
    void eolEndsTheWalkAndPaddingAfterItIsIgnored() {
        TcpOptions options = parse("020405b4 00ffffff");
        assertEquals(WireStatus.OK, options.status());
        assertTrue(options.hasEol());
        assertEquals(24, options.eolOffset());
        assertEquals(1460, options.mss());
        assertEquals(0, options.unknownCount());
    }

    @Test
    void unknownOptionsAreCountedAndTheFirstFewRecorded() {
        // kind 30 (MPTCP), kind 34 (TFO cookie), kind 19 (MD5, 18 bytes), two kind-99, 1 NOP pad.
        TcpOptions options = parse("1e03 00 2206 01020304 1312" + "00".repeat(16) + "6302 6302 6302 010101");
        assertEquals(WireStatus.OK, options.status());
        assertEquals(6, options.unknownCount());
        assertEquals(0x1e, options.unknownKind(0));
        assertEquals(20, options.unknownOffset(0));
        assertEquals(3, options.unknownLength(0));
        assertEquals(0x22, options.unknownKind(1));
        assertEquals(23, options.unknownOffset(1));
        assertEquals(0x13, options.unknownKind(2));
        assertEquals(18, options.unknownLength(2));
        assertEquals(0x63, options.unknownKind(3));
    }

    @Test
    void zeroLengthIsBadAndEarlierOptionsSurvive() {
        TcpOptions options = parse("0101080a 00000005 00000006 0200 0000");
        assertEquals(WireStatus.BAD_OPTION, options.status());
        assertEquals(32, options.badOptionOffset());
        assertEquals(2, options.badOptionKind());
        assertTrue(options.hasTimestamps(), "parsed before the bad option");
        assertEquals(5, options.timestampValue());
        assertEquals(2, options.nopCount());
        assertFalse(options.hasMss());
        TcpOptions unknownZero = parse("6300 0000");
        assertEquals(WireStatus.BAD_OPTION, unknownZero.status(), "len < 2 is bad for unknown kinds too");
        assertEquals(0x63, unknownZero.badOptionKind());
    }

    @Test
    void lengthPastTheEndIsBad() {
        TcpOptions options = parse("020405b4 080a0000");
        assertEquals(WireStatus.BAD_OPTION, options.status());
        assertEquals(24, options.badOptionOffset());
        assertEquals(8, options.badOptionKind());
        assertEquals(1460, options.mss());
        // The length octet itself missing: the last byte is a kind.
        TcpOptions missing = parse("01010102");
        assertEquals(WireStatus.BAD_OPTION, missing.status());
        assertEquals(23, missing.badOptionOffset());
        assertEquals(3, missing.nopCount());
    }

    @Test
    void sackLength11IsBad() {
        TcpOptions options = parse("050b 0000000100000002 ff 00");
        assertEquals(WireStatus.BAD_OPTION, options.status());
        assertEquals(5, options.badOptionKind());
        assertEquals(0, options.sackBlockCount());
        assertEquals(WireStatus.BAD_OPTION, parse("0101 0502").status(), "SACK with no block");
        assertEquals(WireStatus.BAD_OPTION, parse("052a" + "00".repeat(40 - 2 - 2) + "0000").status(),
                "SACK 5 blocks cannot fit in 40 bytes anyway");
    }

    @Test
    void wrongFixedLengthsAreBad() {
        TcpOptions mss3 = parse("020305 01");
        assertEquals(WireStatus.BAD_OPTION, mss3.status());
        assertEquals(20, mss3.badOptionOffset());
        assertFalse(mss3.hasMss());
        assertEquals(WireStatus.BAD_OPTION, parse("0304070000000000").status(), "window scale length 4");
        assertEquals(WireStatus.BAD_OPTION, parse("0403 0101").status(), "SACK-permitted length 3");
        assertEquals(WireStatus.BAD_OPTION, parse("0808 000000000000 00000000").status(), "timestamps length 8");
    }

    @Test
    void cursorStopsAtTheBadOptionForAPrinter() {
        TcpSegment tcp = segmentWithOptions("01 020305");
        assertEquals(WireStatus.BAD_OPTION, tcp.check());
        TcpOptionCursor cursor = new TcpOptionCursor().reset(tcp.segment(), tcp.optionsOffset(), tcp.optionsLength());
        assertTrue(cursor.next());
        assertEquals(TcpOptionKind.NOP, cursor.kind());
        assertEquals(0, cursor.dataLength());
        assertFalse(cursor.next());
        assertEquals(WireStatus.BAD_OPTION, cursor.status());
        assertEquals(TcpOptionKind.MSS, cursor.kind());
        assertEquals(21, cursor.offset());
        assertEquals(3, cursor.length());
        assertFalse(cursor.next(), "stays finished");
    }

    @Test
    void cursorRejectsARangeOutsideTheSegment() {
        TcpOptionCursor cursor = new TcpOptionCursor().reset(hex("0101"), 0, 8);
        assertEquals(WireStatus.TRUNCATED, cursor.status());
        assertFalse(cursor.next());
    }

    @Test
    void holderIsReusableAcrossSegments() {
        TcpOptions holder = new TcpOptions();
        holder.parse(segmentWithOptions("020405b4 0402 0101 0101 0101 0505 0a000000 01000000 02 00"));
        assertEquals(WireStatus.BAD_OPTION, holder.status());
        holder.parse(segmentWithOptions(""));
        assertEquals(WireStatus.OK, holder.status());
        assertFalse(holder.hasMss());
        assertFalse(holder.sackPermitted());
        assertEquals(-1, holder.badOptionOffset());
        assertEquals(0, holder.nopCount());
    }

    @Test
    void holderReportsHeaderProblems() {
        TcpOptions holder = new TcpOptions();
        MemorySegment shortHeader = hex("0001 0002 00000000");
        assertEquals(WireStatus.TRUNCATED, holder.parse(new TcpSegment().wrap(shortHeader, 0, 8)));
        assertEquals(-1, holder.badOptionKind());
    }

    @Test
    void kindNamesForPrinters() {
        assertEquals("mss", TcpOptionKind.name(2));
        assertEquals("wscale", TcpOptionKind.name(3));
        assertEquals("sackOK", TcpOptionKind.name(4));
        assertEquals("unknown-99", TcpOptionKind.name(99));
    }
}
