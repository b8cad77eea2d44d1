package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class TcpPropertyTest {

    /** A repr built from 16 random ints: every field, and an option set that fits 40 bytes. */
    static TcpRepr reprFrom(List<Integer> v) {
        int presence = v.get(7);
        boolean mss = (presence & 1) != 0;
        boolean windowScale = (presence & 2) != 0;
        boolean sackPermitted = (presence & 4) != 0;
        boolean timestamps = (presence & 8) != 0;
        int base = (mss ? 4 : 0) + (timestamps ? 12 : sackPermitted ? 4 : 0) + (windowScale ? 4 : 0);
        int roomForBlocks = Math.max(0, Math.min(4, (40 - base - 4) / 8));
        int blocks = Math.min(Math.floorMod(presence >> 4, 5), roomForBlocks);
        List<TcpOptionSet.SackBlock> sack = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            int left = Integer.rotateLeft(v.get(12 + i), 7) ^ v.get(2);
            sack.add(new TcpOptionSet.SackBlock(left, left + (v.get(11) & 0xFFFF) + i));
        }
        TcpOptionSet options = new TcpOptionSet(
                mss ? OptionalInt.of(v.get(8) & 0xFFFF) : OptionalInt.empty(),
                windowScale ? OptionalInt.of(v.get(9) & 0xFF) : OptionalInt.empty(),
                sackPermitted,
                timestamps ? Optional.of(new TcpOptionSet.Timestamps(v.get(10), v.get(11))) : Optional.empty(),
                sack);
        return new TcpRepr(v.get(0) & 0xFFFF, v.get(1) & 0xFFFF, v.get(2), v.get(3), v.get(4) & 0xFFF,
                v.get(5) & 0xFFFF, v.get(6) & 0xFFFF, options, v.get(15) & 0x3F);
    }

    static Gen<TcpRepr> reprs() {
        return lists().of(integers().all()).ofSize(16).map(TcpPropertyTest::reprFrom);
    }

    @Test
    void parseOfEmitIsIdentity() {
        qt().withExamples(2000).forAll(reprs(), integers().all()).checkAssert((repr, address) -> {
            int headroom = 14;
            MemorySegment bytes = MemorySegment.ofArray(new byte[headroom + repr.totalLength()]);
            for (int i = 0; i < repr.payloadLength(); i++) {
                bytes.set(ValueLayout.JAVA_BYTE, headroom + repr.headerLength() + i, (byte) (address + i));
            }
            int destination = ~address;
            repr.emit(bytes, headroom, address, destination);
            TcpSegment view = new TcpSegment().wrap(bytes, headroom, repr.totalLength());
            assertEquals(WireStatus.OK, view.check());
            assertEquals(Parsed.ok(repr), TcpRepr.parse(view));
            assertTrue(view.checksumValid(address, destination));
            assertEquals(repr.segmentLength(), view.segmentLength());
            assertEquals(0, repr.headerLength() % 4);
        });
    }

    @Test
    void writerOrderIsTheCursorOrder() {
        qt().forAll(lists().of(integers().between(0, 5)).ofSizeBetween(0, 8)).checkAssert(choices -> {
            MemorySegment bytes = MemorySegment.ofArray(new byte[40]);
            TcpOptionsWriter writer = new TcpOptionsWriter().wrap(bytes, 0, 40);
            List<Integer> expected = new ArrayList<>();
            int[] lengths = {1, 4, 3, 2, 10, 10};
            int[] kinds = {1, 2, 3, 4, 8, 5};
            for (int choice : choices) {
                if (writer.length() + lengths[choice] > 36) {
                    break;
                }
                switch (choice) {
                    case 0 -> writer.nop();
                    case 1 -> writer.mss(1400);
                    case 2 -> writer.windowScale(9);
                    case 3 -> writer.sackPermitted();
                    case 4 -> writer.timestamps(7, 8);
                    default -> writer.sack(new int[] {1}, new int[] {2}, 1);
                }
                expected.add(kinds[choice]);
            }
            int unpadded = writer.length();
            writer.padToWord();
            for (int i = unpadded; i < writer.length(); i++) {
                expected.add(TcpOptionKind.NOP);
            }
            assertEquals(0, writer.length() % 4);
            TcpOptionCursor cursor = new TcpOptionCursor().reset(bytes, 0, writer.length());
            List<Integer> seen = new ArrayList<>();
            while (cursor.next()) {
                seen.add(cursor.kind());
            }
            assertEquals(WireStatus.OK, cursor.status());
            assertEquals(expected, seen);
        });
    }

    @Test
    void randomBytesNeverThrow() {
        qt().withExamples(5000)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 80), integers().between(-4, 90))
                .checkAssert((values, claimed) -> {
                    byte[] raw = new byte[values.size()];
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = values.get(i).byteValue();
                    }
                    MemorySegment bytes = MemorySegment.ofArray(raw);
                    exercise(new TcpSegment().wrap(bytes, 0, claimed));
                    exercise(new TcpSegment().wrap(bytes, 0, raw.length));
                });
    }

    @Test
    void randomOptionBytesNeverThrowAndKeepTheirPrefix() {
        // A valid fixed header with random option bytes: the option walk is what is under test.
        qt().withExamples(5000).forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 40))
                .checkAssert(values -> {
                    int optionBytes = values.size() & ~3;
                    byte[] raw = new byte[20 + optionBytes];
                    raw[12] = (byte) ((5 + optionBytes / 4) << 4);
                    for (int i = 0; i < optionBytes; i++) {
                        raw[20 + i] = values.get(i).byteValue();
                    }
                    TcpSegment view = new TcpSegment().wrap(MemorySegment.ofArray(raw), 0, raw.length);
                    WireStatus status = exercise(view);
                    assertTrue(status == WireStatus.OK || status == WireStatus.BAD_OPTION, status.toString());
                });
    }

    @Test
    void everyTruncationIsReportedWithoutThrowing() {
        TcpRepr repr = new TcpRepr(40000, 80, 1, 2, TcpSegment.SYN | TcpSegment.ACK, 65535, 0,
                TcpOptionSet.syn(1460, 7, 100, 200), 10);
        byte[] full = new byte[repr.totalLength()];
        repr.emit(MemorySegment.ofArray(full), 0, 0x0A00_0001, 0x0A00_0002);
        for (int length = 0; length <= full.length; length++) {
            MemorySegment cut = MemorySegment.ofArray(Arrays.copyOf(full, length));
            WireStatus status = exercise(new TcpSegment().wrap(cut, 0, length));
            WireStatus expected = length < 20 ? WireStatus.TRUNCATED
                    : length < repr.headerLength() ? WireStatus.BAD_HEADER_LENGTH : WireStatus.OK;
            assertEquals(expected, status, "length " + length);
        }
    }

    /** Calls everything a decoder would; returns check()'s answer. Throws only if the contract is broken. */
    private static WireStatus exercise(TcpSegment view) {
        WireStatus status = view.check();
        TcpOptions options = new TcpOptions();
        WireStatus optionStatus = options.parse(view);
        assertEquals(status, optionStatus);
        Parsed<TcpRepr> parsed = TcpRepr.parse(view);
        assertEquals(status == WireStatus.OK, parsed.isOk());
        view.checksumValid(1, 2);
        if (status == WireStatus.OK || status == WireStatus.BAD_OPTION) {
            view.sourcePort();
            view.sequenceNumberUnsigned();
            view.acknowledgmentNumberUnsigned();
            view.flags();
            view.window();
            view.urgentPointer();
            view.segmentLength();
            view.computeChecksum(1, 2);
            assertTrue(view.payloadOffset() + view.payloadLength() <= view.offset() + view.length());
            TcpOptionCursor cursor = new TcpOptionCursor().reset(view.segment(), view.optionsOffset(),
                    view.optionsLength());
            while (cursor.next()) {
                assertTrue(cursor.offset() + cursor.length() <= view.optionsOffset() + view.optionsLength());
            }
            assertEquals(status, cursor.status());
            if (status == WireStatus.BAD_OPTION) {
                assertTrue(options.badOptionOffset() >= view.optionsOffset());
            }
        }
        return status;
    }
}
