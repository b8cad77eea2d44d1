/**
 * ARP wire format (RFC 826, with the RFC 5227 probe and announcement forms): a flyweight view
 * ({@link org.margay.net.arp.ArpPacket}), a value object for Ethernet/IPv4 ({@link org.margay.net.arp.ArpRepr}),
 * and registries ({@link org.margay.net.arp.ArpOperation}, {@link org.margay.net.arp.ArpHardwareType}).
 * Decoding never throws, whatever the bytes (see {@code org.margay.net.common}).
 */
package org.margay.net.arp;
