package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The no-crash contract: whatever the bytes and whatever the link type, dissecting and formatting (every tcpdump
 * style and the tshark fields) returns text and never throws; the tcpdump text ends with a newline and the
 * fields row always has every column.
 */
class DecodePropertyTest {
    private static final int[] LINK_TYPES = {0, 1, 9, 101, 108, 113, 228, 147};
    private static final List<TcpdumpStyle> STYLES = List.of(
            TcpdumpStyle.plain(),
            new TcpdumpStyle(true, 3, false, TimestampFormat.DATE_AND_TIME, true),
            new TcpdumpStyle(true, 1, true, TimestampFormat.EPOCH, false),
            new TcpdumpStyle(false, 2, false, TimestampFormat.NONE, false));

    private final Dissector dissector = new Dissector();
    private final List<TcpdumpFormatter> tcpdump = new ArrayList<>();
    private final TsharkFieldsFormatter fields = new TsharkFieldsFormatter();

    DecodePropertyTest() {
        for (TcpdumpStyle style : STYLES) {
            tcpdump.add(new TcpdumpFormatter(style));
        }
    }

    private void decodeEverywhere(int linkType, byte[] bytes, long originalLength) {
        Dissection d = dissector.dissect(linkType, MemorySegment.ofArray(bytes), 0, bytes.length, originalLength);
        for (TcpdumpFormatter formatter : tcpdump) {
            String text = formatter.format(7, 1_700_000_000L, 5, d);
            assertTrue(text.endsWith("\n"), text);
        }
        String row = fields.format(7, 1_700_000_000L, 5, d);
        assertEquals(TsharkFieldsFormatter.COLUMNS.size(), row.split("\t", -1).length, row);
    }

    private static byte[] bytesOf(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (int) values.get(i);
        }
        return bytes;
    }

    @Test
    void randomBytesOnEveryLinkTypeNeverThrow() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 120),
                        integers().between(0, LINK_TYPES.length - 1), integers().between(0, 64))
                .checkAssert((values, link, extra) -> decodeEverywhere(LINK_TYPES[link], bytesOf(values),
                        values.size() + extra));
    }

    @Test
    void randomBytesBehindValidHeadersNeverThrow() {
        // Start from each real frame and scribble over its headers, so the walk reaches the deeper layers.
        List<byte[]> frames = new ArrayList<>();
        for (TestVectors.Frame f : TestVectors.ETHERNET) {
            frames.add(Captures.bytes(f));
        }
        qt().withExamples(4000)
                .forAll(integers().between(0, frames.size() - 1), integers().between(0, 80), integers().between(0, 255),
                        integers().between(0, 200))
                .checkAssert((index, position, value, cut) -> {
                    byte[] frame = frames.get(index).clone();
                    if (position < frame.length) {
                        frame[position] = (byte) (int) value;
                    }
                    byte[] kept = java.util.Arrays.copyOf(frame, Math.min(frame.length, cut));
                    decodeEverywhere(1, kept, frame.length);
                    decodeEverywhere(1, frame, frame.length);
                });
    }

    @Test
    void everyTruncationOfEveryVectorNeverThrows() {
        List<List<TestVectors.Frame>> sets = List.of(TestVectors.ETHERNET, TestVectors.LINUX_SLL, TestVectors.LOOPBACK,
                TestVectors.RAW_IP);
        int[] links = {1, 113, 0, 101};
        for (int s = 0; s < sets.size(); s++) {
            for (TestVectors.Frame f : sets.get(s)) {
                byte[] full = Captures.bytes(f);
                for (int length = 0; length <= full.length; length++) {
                    decodeEverywhere(links[s], java.util.Arrays.copyOf(full, length), f.originalLength());
                }
            }
        }
    }
}
