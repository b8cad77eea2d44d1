package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Timestamps from any capture print without exception: dates by arithmetic (agreeing with java.time where
 * java.time reaches), and any {@code long} seconds or {@code int} nanoseconds, as a pcapng {@code if_tsoffset}
 * or a fuzzer can produce (request from the fuzz helper).
 */
class TimestampTest {

    @Test
    void civilDatesAgreeWithJavaTime() {
        qt().withExamples(5000).forAll(longs().between(-365_243_219_162L, 365_241_780_471L)).checkAssert(day -> {
            LocalDate expected = LocalDate.ofEpochDay(day);
            String text = CivilDate.append(new StringBuilder(), day).toString();
            String y = Integer.toString(Math.abs(expected.getYear()));
            String year = (expected.getYear() < 0 ? "-" : "") + "0".repeat(Math.max(0, 4 - y.length())) + y;
            assertEquals(String.format("%s-%02d-%02d", year, expected.getMonthValue(), expected.getDayOfMonth()), text);
        });
    }

    @Test
    void extremeTimestampsPrintInEveryForm() {
        long[] seconds = {Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, 253_402_300_800L, -62_135_596_801L};
        int[] nanos = {0, -1, 999_999_999, 1_000_000_000, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (long s : seconds) {
            for (int n : nanos) {
                for (TimestampFormat format : TimestampFormat.values()) {
                    StringBuilder out = new StringBuilder();
                    TcpdumpFormatter.appendTimestamp(out, s, n, format);
                    assertTrue(format == TimestampFormat.NONE || out.toString().endsWith(" "), out.toString());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        TcpdumpFormatter.appendTimestamp(out, Long.MAX_VALUE, 0, TimestampFormat.DATE_AND_TIME);
        assertEquals("292277026596-12-04 15:30:07.000000 ", out.toString());
        out.setLength(0);
        TcpdumpFormatter.appendTimestamp(out, 0, -1, TimestampFormat.DATE_AND_TIME);
        assertEquals("1969-12-31 23:59:59.999999 ", out.toString());
    }

    @Test
    void extremeTimestampsDoNotStopEitherFormatter() {
        byte[] frame = Captures.bytes(TestVectors.ETHERNET.get(0));
        Dissection d = new Dissector().dissect(1, MemorySegment.ofArray(frame), 0, frame.length, frame.length);
        TcpdumpFormatter tcpdump = new TcpdumpFormatter(
                new TcpdumpStyle(true, 2, false, TimestampFormat.DATE_AND_TIME, true));
        TsharkFieldsFormatter fields = new TsharkFieldsFormatter();
        for (long s : new long[] {Long.MAX_VALUE, Long.MIN_VALUE}) {
            for (int n : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                assertTrue(tcpdump.format(1, s, n, d).endsWith("\n"));
                assertEquals(TsharkFieldsFormatter.COLUMNS.size(), fields.format(1, s, n, d).split("\t", -1).length);
            }
        }
    }

    @Test
    void aPcapngWithTheLargestTimeOffsetDecodes() {
        // The fuzz helper's regression input: if_tsoffset = 2^63 - 1 on the interface of one 4-byte packet.
        byte[] pcapng = HexFormat.of().parseHex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000010000"
                + "002400000001000000ffff00000e000800ffffffffffffff7f00000000240000000600000024000000000000000000"
                + "00000000000004000000040000000102030424000000");
        Captures.Decoded decoded = Captures.decode(pcapng,
                DecodeOptions.tcpdump(new TcpdumpStyle(true, 2, false, TimestampFormat.DATE_AND_TIME, true)));
        assertFalse(decoded.err().contains("internal error"), decoded.err());
        assertEquals(1, decoded.out().lines().count(), decoded.out());
        Captures.Decoded fields = Captures.decode(pcapng, DecodeOptions.fields());
        assertFalse(fields.err().contains("internal error"), fields.err());
        assertEquals(2, fields.out().getBytes(StandardCharsets.UTF_8).length > 0 ? fields.out().lines().count() : 0);
    }
}
