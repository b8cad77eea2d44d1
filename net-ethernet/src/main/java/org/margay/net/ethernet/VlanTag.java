package org.margay.net.ethernet;

/**
 * One VLAN tag as a value (IEEE 802.1Q §9.6): the tag protocol identifier and the three parts of the tag
 * control information. Cold path: tests, tools, building frames; the hot path reads tags through
 * {@link EthernetFrame} and the static {@code *Of(tci)} helpers here.
 *
 * <p>Invariant: {@code tpid} is one the frame view recognises as a tag ({@link EtherType#isVlanTpid}),
 * {@code pcp} fits 3 bits and {@code vid} fits 12 bits. VID 0 (priority tag) and 4095 (reserved,
 * IEEE 802.1Q Table 9-2) are representable, because they occur on the wire.
 *
 * @param tpid the tag protocol identifier: 0x8100 (C-TAG), 0x88a8 (S-TAG) or 0x9100 (pre-standard QinQ)
 * @param pcp  the priority code point, 0..7
 * @param dei  the drop eligible indicator
 * @param vid  the VLAN identifier, 0..4095
 */
public record VlanTag(int tpid, int pcp, boolean dei, int vid) {

    /** The TCI bits that hold the VID. */
    public static final int VID_MASK = 0x0FFF;
    /** The largest VID value (4095 is reserved, IEEE 802.1Q Table 9-2). */
    public static final int MAX_VID = 0x0FFF;
    /** The largest PCP value. */
    public static final int MAX_PCP = 7;

    public VlanTag {
        if (!EtherType.isVlanTpid(tpid)) {
            throw new IllegalArgumentException(String.format(
                    "not a VLAN TPID (want 0x8100, 0x88a8 or 0x9100): 0x%04x", tpid));
        }
        if (pcp < 0 || pcp > MAX_PCP) {
            throw new IllegalArgumentException("PCP out of range 0..7: " + pcp);
        }
        if (vid < 0 || vid > MAX_VID) {
            throw new IllegalArgumentException("VID out of range 0..4095: " + vid);
        }
    }

    /** An 802.1Q customer tag (TPID 0x8100) with priority 0 and DEI clear. */
    public static VlanTag dot1q(int vid) {
        return new VlanTag(EtherType.VLAN_8021Q, 0, false, vid);
    }

    /** An 802.1ad service tag (TPID 0x88a8) with priority 0 and DEI clear. */
    public static VlanTag dot1ad(int vid) {
        return new VlanTag(EtherType.QINQ_8021AD, 0, false, vid);
    }

    /** The tag with this TPID whose TCI is {@code tci} (only the low 16 bits are used). */
    public static VlanTag of(int tpid, int tci) {
        return new VlanTag(tpid, pcpOf(tci), deiOf(tci), vidOf(tci));
    }

    /** The 16-bit tag control information: PCP in the top 3 bits, DEI, then VID. */
    public int tci() {
        return tci(pcp, dei, vid);
    }

    /** Hot path: packs PCP, DEI and VID into a TCI (IEEE 802.1Q §9.6), masking each to its width. */
    public static int tci(int pcp, boolean dei, int vid) {
        return ((pcp & MAX_PCP) << 13) | (dei ? 1 << 12 : 0) | (vid & VID_MASK);
    }

    /** Hot path: the PCP of a TCI. */
    public static int pcpOf(int tci) {
        return (tci >>> 13) & MAX_PCP;
    }

    /** Hot path: the DEI of a TCI. */
    public static boolean deiOf(int tci) {
        return (tci & (1 << 12)) != 0;
    }

    /** Hot path: the VID of a TCI. */
    public static int vidOf(int tci) {
        return tci & VID_MASK;
    }
}
