package org.margay.storage;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli, RFC 3720 §B.4; the JDK's intrinsic) over ranges of the library OS's I/O memory, without
 * allocating: the region's {@link ByteBuffer} view is made once, and each computation only moves its position and
 * limit. Ranges of other memory (never on the data path) go through a fresh view.
 */
final class Crc {
    private final CRC32C crc = new CRC32C();
    private final MemorySegment region;
    private final ByteBuffer view;

    /** Checksums over {@code region} are allocation-free. */
    Crc(MemorySegment region) {
        this.region = region;
        this.view = region.asByteBuffer();
    }

    /** Starts a new checksum. */
    Crc reset() {
        crc.reset();
        return this;
    }

    /** Adds {@code length} bytes of {@code s} at {@code offset}. */
    Crc update(MemorySegment s, long offset, int length) {
        if (length <= 0) {
            return this;
        }
        long address = s.address() + offset;
        long start = address - region.address();
        if (start >= 0 && start + length <= region.byteSize()) {
            view.limit((int) (start + length)).position((int) start);
            crc.update(view);
        } else {
            crc.update(s.asSlice(offset, length).asByteBuffer());
        }
        return this;
    }

    /** The checksum so far. */
    int value() {
        return (int) crc.getValue();
    }

    /** The checksum of one range. */
    int of(MemorySegment s, long offset, int length) {
        return reset().update(s, offset, length).value();
    }
}
