package org.margay.decode;

/**
 * The verdict on one checksum, as a decoder reports it. The numbers are tshark's
 * ({@code PROTO_CHECKSUM_E_*}): 0 bad, 1 good, 2 unverified, 3 not present.
 *
 * <p>{@link #UNVERIFIED} means the decoder could not check it: the covered bytes were not all captured, or the
 * datagram is a fragment. {@link #NOT_PRESENT} is UDP's checksum field 0 (RFC 768: "no checksum").
 */
public enum ChecksumStatus {
    /** The checksum does not verify. */
    BAD(0),
    /** The checksum verifies (RFC 1071). */
    GOOD(1),
    /** Not checked: bytes missing, or a fragment. */
    UNVERIFIED(2),
    /** The sender sent no checksum (UDP checksum field 0). */
    NOT_PRESENT(3);

    private final int tsharkCode;

    ChecksumStatus(int tsharkCode) {
        this.tsharkCode = tsharkCode;
    }

    /** The number tshark prints in {@code *.checksum.status} fields. */
    public int tsharkCode() {
        return tsharkCode;
    }
}
