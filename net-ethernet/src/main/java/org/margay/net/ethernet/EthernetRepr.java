package org.margay.net.ethernet;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.margay.net.common.MacAddress;
import org.margay.net.common.Parsed;
import org.margay.net.common.WireStatus;

/**
 * An Ethernet II header with its VLAN tags as a value (IEEE 802.3 §3.1.1, IEEE 802.1Q §9.6), for the cold
 * path: tests, tools, building frames.
 *
 * <p>Invariant: both MACs fit 48 bits; {@code tags} is an unmodifiable list, outermost first, of at most
 * {@link EthernetFrame#MAX_VLAN_TAGS}; {@code etherType} fits 16 bits and is not itself a VLAN TPID (it would
 * read back as another tag). So {@code parse(emit(x))} gives {@code x} back.
 *
 * @param destination the destination MAC, low 48 bits
 * @param source      the source MAC, low 48 bits
 * @param tags        the VLAN tags, outermost first (empty for an untagged frame)
 * @param etherType   the innermost EtherType: what the payload is
 */
public record EthernetRepr(long destination, long source, List<VlanTag> tags, int etherType) {

    public EthernetRepr {
        if ((destination & ~MacAddress.BROADCAST) != 0) {
            throw new IllegalArgumentException("destination MAC wider than 48 bits: 0x" + Long.toHexString(destination));
        }
        if ((source & ~MacAddress.BROADCAST) != 0) {
            throw new IllegalArgumentException("source MAC wider than 48 bits: 0x" + Long.toHexString(source));
        }
        tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        if (tags.size() > EthernetFrame.MAX_VLAN_TAGS) {
            throw new IllegalArgumentException("at most " + EthernetFrame.MAX_VLAN_TAGS + " VLAN tags, got " + tags.size());
        }
        if ((etherType & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("EtherType out of range: " + etherType);
        }
        if (EtherType.isVlanTpid(etherType)) {
            throw new IllegalArgumentException(String.format(
                    "EtherType 0x%04x is a VLAN TPID; put the tag in tags", etherType));
        }
    }

    /** An untagged header. */
    public EthernetRepr(long destination, long source, int etherType) {
        this(destination, source, List.of(), etherType);
    }

    /** Reads a repr from a view; any {@link EthernetFrame#check()} failure comes back as {@link Parsed.Invalid}. */
    public static Parsed<EthernetRepr> parse(EthernetFrame frame) {
        WireStatus status = frame.check();
        if (status != WireStatus.OK) {
            String detail = switch (status) {
                case TRUNCATED -> frame.length() < EthernetFrame.HEADER_LENGTH
                        ? "need " + EthernetFrame.HEADER_LENGTH + " bytes, have " + frame.length()
                        : "VLAN tag cut short in a " + frame.length() + "-byte frame";
                case BAD_FIELD -> "more than " + EthernetFrame.MAX_VLAN_TAGS + " stacked VLAN tags";
                default -> "Ethernet header rejected";
            };
            return Parsed.invalid(status, detail);
        }
        int count = frame.tagCount();
        List<VlanTag> tags = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tags.add(VlanTag.of(frame.tagTpid(i), frame.tagControl(i)));
        }
        return Parsed.ok(new EthernetRepr(frame.destination(), frame.source(), tags, frame.innermostEtherType()));
    }

    /** The header length: 14 plus 4 per tag. */
    public int headerLength() {
        return EthernetFrame.HEADER_LENGTH + tags.size() * EthernetFrame.VLAN_TAG_LENGTH;
    }

    /** Writes the header (addresses, tags, EtherType) at {@code offset}; the payload is not touched. */
    public void emit(MemorySegment segment, long offset) {
        EthernetFrame frame = new EthernetFrame().wrap(segment, offset, headerLength())
                .destination(destination)
                .source(source);
        for (int i = 0; i < tags.size(); i++) {
            VlanTag tag = tags.get(i);
            frame.tag(i, tag.tpid(), tag.tci());
        }
        frame.innermostEtherType(tags.size(), etherType);
    }

    /** For people: {@code src > dst, 802.1ad vid 100, 802.1Q vid 7 pcp 3, IPv4}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder()
                .append(MacAddress.format(source)).append(" > ").append(MacAddress.format(destination));
        for (VlanTag tag : tags) {
            out.append(", ").append(EtherType.name(tag.tpid())).append(" vid ").append(tag.vid());
            if (tag.pcp() != 0) {
                out.append(" pcp ").append(tag.pcp());
            }
            if (tag.dei()) {
                out.append(" dei");
            }
        }
        return out.append(", ").append(EtherType.name(etherType)).toString();
    }
}
