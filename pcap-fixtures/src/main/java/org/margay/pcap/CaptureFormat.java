package org.margay.pcap;

/** The two container formats this module reads and writes. */
public enum CaptureFormat {
    /** Classic libpcap savefile: one 24-byte file header, then 16-byte record headers (draft-ietf-opsawg-pcap). */
    PCAP,
    /** pcapng: a sequence of typed, length-framed blocks in one or more sections (draft-ietf-opsawg-pcapng). */
    PCAPNG
}
