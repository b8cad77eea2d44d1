/**
 * Streaming capture I/O: {@link org.margay.pcap.CaptureReader} reads classic pcap and pcapng with bounded
 * memory and no allocation per record, {@link org.margay.pcap.CaptureWriter} writes both formats.
 *
 * <p>Contract: whatever the bytes, reading either delivers records or stops with a
 * {@link org.margay.pcap.CaptureFormatException} (a checked {@link java.io.IOException}) whose message names the
 * byte offset and the problem; it never throws an unchecked exception and never loops forever.
 *
 * <p>Formats: classic pcap as in draft-ietf-opsawg-pcap (the libpcap savefile format); pcapng as in
 * draft-ietf-opsawg-pcapng. Section references in comments are to those drafts.
 */
package org.margay.pcap;
