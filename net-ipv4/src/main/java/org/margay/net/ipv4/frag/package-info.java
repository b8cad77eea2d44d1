/**
 * IPv4 fragmentation (RFC 791 §2.3, §3.2 "Fragmentation and Reassembly"): the
 * {@link org.margay.net.ipv4.frag.Fragmenter} that cuts an outgoing datagram to the link MTU, and the
 * {@link org.margay.net.ipv4.frag.Reassembler} that rebuilds incoming ones with RFC 815 hole descriptors,
 * a timeout and memory caps. Time enters as {@code long} nanoseconds; no devices, no clock.
 */
package org.margay.net.ipv4.frag;
