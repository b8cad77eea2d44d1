package org.margay.net.tcp;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/** Hex text to an exactly sized heap segment, so any read past the end throws in tests. */
final class TestBytes {
    static final int LOOPBACK = 0x7F00_0001;

    private TestBytes() {
    }

    static MemorySegment hex(String text) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(text.replace(" ", "")));
    }
}
