package org.margay.net.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;
import org.junit.jupiter.api.Test;

class UdpPropertyTest {

    @Test
    void parseOfEmitIsIdentity() {
        qt().forAll(integers().between(0, 0xFFFF), integers().between(0, 0xFFFF), integers().between(0, 300),
                        integers().all())
                .checkAssert((source, destination, payloadLength, addressSeed) -> {
                    UdpRepr repr = new UdpRepr(source, destination, payloadLength);
                    MemorySegment bytes = MemorySegment.ofArray(new byte[16 + repr.totalLength()]);
                    for (int i = 0; i < payloadLength; i++) {
                        bytes.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 16 + 8 + i, (byte) (i * 7 + addressSeed));
                    }
                    int sourceAddress = addressSeed;
                    int destinationAddress = Integer.rotateLeft(addressSeed, 13) ^ 0x0A00_0001;
                    repr.emit(bytes, 16, sourceAddress, destinationAddress);
                    UdpDatagram view = new UdpDatagram().wrap(bytes, 16, repr.totalLength());
                    assertEquals(Parsed.ok(repr), UdpRepr.parse(view));
                    assertTrue(view.hasChecksum(), "a filled checksum is never 0");
                    assertTrue(view.checksumValid(sourceAddress, destinationAddress));
                });
    }

    @Test
    void randomBytesNeverThrow() {
        qt().withExamples(3000)
                .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 40), integers().between(-4, 48))
                .checkAssert((values, claimed) -> {
                    MemorySegment bytes = segmentOf(values);
                    exercise(new UdpDatagram().wrap(bytes, 0, claimed));
                    exercise(new UdpDatagram().wrap(bytes, 0, values.size()));
                });
    }

    @Test
    void everyTruncationIsReportedWithoutThrowing() {
        byte[] full = new byte[8 + 21];
        new UdpRepr(53, 40000, 21).emit(MemorySegment.ofArray(full), 0, 0x0A00_0001, 0x0A00_0002);
        for (int length = 0; length <= full.length; length++) {
            MemorySegment cut = MemorySegment.ofArray(Arrays.copyOf(full, length));
            WireStatus status = exercise(new UdpDatagram().wrap(cut, 0, length));
            WireStatus expected = length < 8 ? WireStatus.TRUNCATED
                    : length < full.length ? WireStatus.BAD_LENGTH : WireStatus.OK;
            assertEquals(expected, status, "length " + length);
        }
    }

    private static WireStatus exercise(UdpDatagram view) {
        WireStatus status = view.check();
        Parsed<UdpRepr> parsed = UdpRepr.parse(view);
        assertEquals(status == WireStatus.OK, parsed.isOk());
        boolean valid = view.checksumValid(1, 2);
        if (status == WireStatus.OK) {
            view.sourcePort();
            view.destinationPort();
            view.computeChecksum(1, 2);
            assertTrue(view.payloadOffset() + view.payloadLength() <= view.offset() + view.availableLength());
        } else {
            assertEquals(false, valid);
        }
        return status;
    }

    private static MemorySegment segmentOf(List<Integer> values) {
        byte[] bytes = new byte[values.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = values.get(i).byteValue();
        }
        return MemorySegment.ofArray(bytes);
    }
}
