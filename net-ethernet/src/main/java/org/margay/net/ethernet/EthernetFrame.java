package org.margay.net.ethernet;

import java.lang.foreign.MemorySegment;
import org.margay.net.common.Bytes;
import org.margay.net.common.WireStatus;

/**
 * A reusable flyweight over one Ethernet II frame (IEEE 802.3 §3.1.1, RFC 894) with zero or more stacked VLAN
 * tags (IEEE 802.1Q §9.6, 802.1ad), read and written in place. The frame check sequence is not part of it:
 * devices strip it.
 *
 * <pre>
 *  0                   6                   12      14      16      18
 * +-------------------+-------------------+-------+-------+-------+-------+-----------
 * |    destination    |      source       | TPID  |  TCI  | TPID  |  TCI  | EtherType | payload ...
 * +-------------------+-------------------+-------+-------+-------+-------+-----------
 *                                          \___ tag 0 ___/ \___ tag 1 ___/
 *                                           (outermost)     (absent in an untagged frame, where the
 *                                                            EtherType sits at offset 12)
 * TCI = PCP (3 bits) | DEI (1 bit) | VID (12 bits)      (IEEE 802.1Q §9.6)
 * </pre>
 *
 * <p><b>Tags.</b> Every type field equal to {@code 0x8100}, {@code 0x88a8} or {@code 0x9100}
 * ({@link EtherType#isVlanTpid}) starts another 4-byte tag; the first other value is the innermost EtherType.
 * At most {@link #MAX_VLAN_TAGS} tags are walked: a frame whose type field after 8 tags is still a TPID is
 * rejected by {@link #check()} with {@link WireStatus#BAD_FIELD} (not passed on as payload), so that a stack
 * of tags can never make a reader loop long and a drop counter names the reason.
 *
 * <p><b>Payload.</b> {@link #payloadLength()} is everything after the header up to the wrapped length,
 * including the padding a sender adds to reach the 60-byte minimum frame (IEEE 802.3 §4.2.3.3); the network
 * layer trims it with its own length field.
 *
 * <p>What must stay true: {@link #check()} reads only inside the wrapped bounds, and once it answered
 * {@link WireStatus#OK} every getter (tags {@code 0 .. tagCount()-1}, payload) stays inside them. Nothing here
 * allocates or throws for bad input. Setters trust the caller to have room.
 */
public final class EthernetFrame {
    /** Byte offset of the destination MAC (IEEE 802.3 §3.1.1). */
    public static final int DESTINATION_OFFSET = 0;
    /** Byte offset of the source MAC (IEEE 802.3 §3.1.1). */
    public static final int SOURCE_OFFSET = 6;
    /** Byte offset of the outer type field: the EtherType, or the TPID of the outermost tag (IEEE 802.3 §3.2.6). */
    public static final int TYPE_OFFSET = 12;
    /** Length of an untagged header: two addresses and a type field. */
    public static final int HEADER_LENGTH = 14;
    /** Length of one VLAN tag: TPID and TCI (IEEE 802.1Q §9.6). */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Offset of a tag's TCI relative to its TPID. */
    public static final int TCI_OFFSET_IN_TAG = 2;
    /** The deepest tag stack walked; deeper stacks are {@link WireStatus#BAD_FIELD}. */
    public static final int MAX_VLAN_TAGS = 8;
    /** The longest header this view accepts: 8 tags. */
    public static final int MAX_HEADER_LENGTH = HEADER_LENGTH + MAX_VLAN_TAGS * VLAN_TAG_LENGTH;
    /** The minimum frame length without the FCS; shorter frames are padded (IEEE 802.3 §4.2.3.3: 64 with FCS). */
    public static final int MIN_FRAME_LENGTH = 60;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    /** Points this view at the frame starting at {@code offset} with {@code length} bytes; returns {@code this}. */
    public EthernetFrame wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** The wrapped segment. */
    public MemorySegment segment() {
        return segment;
    }

    /** The absolute offset of the frame (its destination MAC) in {@link #segment()}. */
    public long offset() {
        return offset;
    }

    /** The wrapped length: the whole frame as received, padding included, FCS excluded. */
    public int length() {
        return length;
    }

    /**
     * Structural validation, first problem wins: {@link WireStatus#TRUNCATED} when fewer than 14 bytes are
     * wrapped (or the range is not inside the segment) or a tag, or the type field after it, is cut;
     * {@link WireStatus#BAD_FIELD} when more than {@link #MAX_VLAN_TAGS} tags are stacked.
     */
    public WireStatus check() {
        if (length < HEADER_LENGTH || !Bytes.fits(offset, length, segment.byteSize())) {
            return WireStatus.TRUNCATED;
        }
        long typeAt = TYPE_OFFSET;
        int tags = 0;
        while (EtherType.isVlanTpid(Bytes.u16(segment, offset + typeAt))) {
            if (tags == MAX_VLAN_TAGS) {
                return WireStatus.BAD_FIELD;
            }
            // The tag's TCI and the type field after it must both be present (IEEE 802.1Q §9.6).
            typeAt += VLAN_TAG_LENGTH;
            if (typeAt + 2 > length) {
                return WireStatus.TRUNCATED;
            }
            tags++;
        }
        return WireStatus.OK;
    }

    /** The destination MAC as the low 48 bits of a {@code long}. */
    public long destination() {
        return Bytes.u48(segment, offset + DESTINATION_OFFSET);
    }

    /** The source MAC as the low 48 bits of a {@code long}. */
    public long source() {
        return Bytes.u48(segment, offset + SOURCE_OFFSET);
    }

    /** The outer type field at offset 12: the EtherType of an untagged frame, or the outermost tag's TPID. */
    public int etherType() {
        return Bytes.u16(segment, offset + TYPE_OFFSET);
    }

    /**
     * How many VLAN tags the frame carries, 0..{@link #MAX_VLAN_TAGS}. The walk never reads past the wrapped
     * length (so it is safe whenever the wrapped range lies in the segment); it is exact once {@link #check()}
     * is OK.
     */
    public int tagCount() {
        if (length < HEADER_LENGTH) {
            return 0;
        }
        long typeAt = TYPE_OFFSET;
        int tags = 0;
        while (tags < MAX_VLAN_TAGS && typeAt + VLAN_TAG_LENGTH + 2 <= length
                && EtherType.isVlanTpid(Bytes.u16(segment, offset + typeAt))) {
            typeAt += VLAN_TAG_LENGTH;
            tags++;
        }
        return tags;
    }

    /** The header length: 14 plus 4 per tag. */
    public int headerLength() {
        return HEADER_LENGTH + tagCount() * VLAN_TAG_LENGTH;
    }

    /** The EtherType after the last tag: what the payload is (equals {@link #etherType()} when untagged). */
    public int innermostEtherType() {
        return Bytes.u16(segment, offset + TYPE_OFFSET + (long) tagCount() * VLAN_TAG_LENGTH);
    }

    /** The absolute offset of the first payload byte in {@link #segment()}. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Everything after the header, trailer padding included (never negative). */
    public int payloadLength() {
        return Math.max(0, length - headerLength());
    }

    /** The TPID of tag {@code index} (0 = outermost, {@code < tagCount()}). */
    public int tagTpid(int index) {
        return Bytes.u16(segment, tagOffset(index));
    }

    /** The whole 16-bit tag control information of tag {@code index}: PCP, DEI and VID. */
    public int tagControl(int index) {
        return Bytes.u16(segment, tagOffset(index) + TCI_OFFSET_IN_TAG);
    }

    /** The priority code point of tag {@code index}, 0..7 (IEEE 802.1Q §6.9.3). */
    public int tagPcp(int index) {
        return VlanTag.pcpOf(tagControl(index));
    }

    /** The drop eligible indicator of tag {@code index} (IEEE 802.1Q §6.9.3; formerly CFI). */
    public boolean tagDei(int index) {
        return VlanTag.deiOf(tagControl(index));
    }

    /** The VLAN identifier of tag {@code index}, 0..4095 (0 = priority tag only, IEEE 802.1Q Table 9-2). */
    public int tagVid(int index) {
        return VlanTag.vidOf(tagControl(index));
    }

    /** Sets the destination MAC (low 48 bits); returns {@code this}. */
    public EthernetFrame destination(long mac) {
        Bytes.u48(segment, offset + DESTINATION_OFFSET, mac);
        return this;
    }

    /** Sets the source MAC (low 48 bits); returns {@code this}. */
    public EthernetFrame source(long mac) {
        Bytes.u48(segment, offset + SOURCE_OFFSET, mac);
        return this;
    }

    /** Sets the outer type field at offset 12 (the EtherType of an untagged frame); returns {@code this}. */
    public EthernetFrame etherType(int type) {
        Bytes.u16(segment, offset + TYPE_OFFSET, type);
        return this;
    }

    /**
     * Writes tag {@code index} (0 = outermost): its TPID and its TCI. Tags are written outermost first, then
     * {@link #innermostEtherType(int, int)} closes the stack; returns {@code this}.
     */
    public EthernetFrame tag(int index, int tpid, int tagControl) {
        long at = tagOffset(index);
        Bytes.u16(segment, at, tpid);
        Bytes.u16(segment, at + TCI_OFFSET_IN_TAG, tagControl);
        return this;
    }

    /** Writes tag {@code index} from its parts (see {@link VlanTag#tci}); returns {@code this}. */
    public EthernetFrame tag(int index, int tpid, int pcp, boolean dei, int vid) {
        return tag(index, tpid, VlanTag.tci(pcp, dei, vid));
    }

    /** Rewrites only the VID of tag {@code index}, keeping PCP and DEI (VLAN translation); returns {@code this}. */
    public EthernetFrame tagVid(int index, int vid) {
        int tci = (tagControl(index) & ~VlanTag.VID_MASK) | (vid & VlanTag.VID_MASK);
        Bytes.u16(segment, tagOffset(index) + TCI_OFFSET_IN_TAG, tci);
        return this;
    }

    /**
     * Writes the EtherType that follows {@code tagCount} tags (at offset {@code 12 + 4 * tagCount}); with
     * {@code tagCount} 0 it is {@link #etherType(int)}. Returns {@code this}.
     */
    public EthernetFrame innermostEtherType(int tagCount, int type) {
        Bytes.u16(segment, offset + TYPE_OFFSET + (long) tagCount * VLAN_TAG_LENGTH, type);
        return this;
    }

    private long tagOffset(int index) {
        return offset + TYPE_OFFSET + (long) index * VLAN_TAG_LENGTH;
    }
}
