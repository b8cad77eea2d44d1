/**
 * Ethernet II wire format (IEEE 802.3 §3.2, RFC 894) with stacked VLAN tags (IEEE 802.1Q §9.6): a flyweight
 * view ({@link org.margay.net.ethernet.EthernetFrame}), value objects ({@link org.margay.net.ethernet.EthernetRepr},
 * {@link org.margay.net.ethernet.VlanTag}) and EtherType constants ({@link org.margay.net.ethernet.EtherType}).
 * Decoding never throws, whatever the bytes (see {@code org.margay.net.common}).
 */
package org.margay.net.ethernet;
