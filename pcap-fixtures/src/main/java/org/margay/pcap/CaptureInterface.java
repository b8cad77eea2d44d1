package org.margay.pcap;

/**
 * What a capture says about one interface (cold path): a pcapng Interface Description Block, or the single
 * interface implied by a classic pcap file header.
 *
 * @param index index within the section (0 for pcap)
 * @param linkType raw {@code LINKTYPE_*} number
 * @param snapLength maximum captured bytes per packet; 0 in pcapng means no limit
 * @param tsresol pcapng {@code if_tsresol} byte (6 = microseconds, 9 = nanoseconds, top bit set = power of 2)
 * @param tsoffsetSeconds pcapng {@code if_tsoffset}, added to every timestamp
 */
public record CaptureInterface(int index, int linkType, long snapLength, int tsresol, long tsoffsetSeconds) {
    /** The link type as a constant ({@link LinkType#OTHER} when unknown). */
    public LinkType link() {
        return LinkType.of(linkType);
    }
}
