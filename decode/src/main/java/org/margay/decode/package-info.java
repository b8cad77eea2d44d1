/**
 * {@code margay decode}: dissection of captured frames through the wire views, and their text forms.
 *
 * <ul>
 *   <li>{@link org.margay.decode.Dissector} / {@link org.margay.decode.Dissection}: the hot path. One reusable
 *       dissection per dissector; link (Ethernet with VLAN tags, Linux cooked, BSD loopback, raw IP, PPP), then
 *       ARP or IPv4, then ICMP, UDP or TCP. No allocation, no exception, whatever the bytes.</li>
 *   <li>{@link org.margay.decode.TcpdumpFormatter}: lines as {@code tcpdump -n} prints them.</li>
 *   <li>{@link org.margay.decode.TsharkFieldsFormatter}: rows as {@code tshark -T fields} prints them.</li>
 *   <li>{@link org.margay.decode.CaptureDecoder}: a capture file in, text out, one error line on a corrupt
 *       file.</li>
 * </ul>
 */
package org.margay.decode;
