package org.margay.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.margay.net.common.Parsed;

/** Option sets that only fit when packed without alignment padding (RFC 9293 §3.1 allows it). */
class DenseOptionsTest {

    @Test
    void mssTimestampsAndThreeSackBlocksRoundTrip() {
        // The fuzz regression input: MSS 1460, TS, SACK with 3 blocks, packed into exactly 40 bytes.
        byte[] bytes = HexFormat.of().parseHex("c0000050000003e800000000f002faf000000000020405b4080a0000303900000000"
                + "051a000000010000000200000003000000040000000500000006");
        TcpSegment view = new TcpSegment().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        Parsed<TcpRepr> parsed = TcpRepr.parse(view);
        assertTrue(parsed.isOk(), parsed.toString());
        TcpRepr repr = parsed.orThrow();
        assertEquals(40, repr.options().encodedLength());
        MemorySegment out = MemorySegment.ofArray(new byte[repr.headerLength() + repr.payloadLength()]);
        repr.emit(out, 0);
        TcpRepr again = TcpRepr.parse(new TcpSegment().wrap(out, 0, (int) out.byteSize())).orThrow();
        assertEquals(repr, again);
    }

    @Test
    void alignedLayoutIsKeptWhenItFits() {
        TcpOptionSet set = new TcpOptionSet(OptionalInt.of(1460), OptionalInt.empty(), false,
                Optional.of(new TcpOptionSet.Timestamps(1, 2)), List.of(new TcpOptionSet.SackBlock(10, 20)));
        assertEquals(4 + 12 + 12, set.encodedLength());
    }
}
