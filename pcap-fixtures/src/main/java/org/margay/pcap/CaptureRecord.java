package org.margay.pcap;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One packet record copied out of a capture (cold path: tests and small tools). Equality compares the bytes.
 *
 * @param seconds epoch seconds of the timestamp
 * @param nanos nanoseconds within the second, 0 to 999,999,999
 * @param interfaceIndex the interface within its pcapng section (0 for pcap)
 * @param linkType raw {@code LINKTYPE_*} number
 * @param originalLength length on the wire, at least {@code data.length}
 * @param data the captured bytes (the record owns this array; do not modify it)
 */
public record CaptureRecord(long seconds, int nanos, int interfaceIndex, int linkType, long originalLength,
                            byte[] data) {
    /** Checks the invariants: nanos in range, original length covers the data. */
    public CaptureRecord {
        if (nanos < 0 || nanos > 999_999_999) {
            throw new IllegalArgumentException("nanos out of range: " + nanos);
        }
        if (originalLength < data.length) {
            throw new IllegalArgumentException("original length " + originalLength + " < captured " + data.length);
        }
    }

    /** Captured bytes. */
    public int capturedLength() {
        return data.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CaptureRecord r && seconds == r.seconds && nanos == r.nanos
                && interfaceIndex == r.interfaceIndex && linkType == r.linkType
                && originalLength == r.originalLength && Arrays.equals(data, r.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seconds) * 31 + nanos * 17 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "CaptureRecord[" + seconds + "." + String.format("%09d", nanos) + " if=" + interfaceIndex
                + " link=" + LinkType.describe(linkType) + " orig=" + originalLength + " data="
                + HexFormat.of().formatHex(data) + "]";
    }
}
