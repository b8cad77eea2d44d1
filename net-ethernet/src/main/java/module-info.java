/**
 * Ethernet II framing with stacked IEEE 802.1Q / 802.1ad VLAN tags: the {@code EthernetFrame} view over
 * received or outgoing bytes, the {@code EthernetRepr} and {@code VlanTag} value objects, and the
 * {@code EtherType} registry. Knows no network-layer format, no ARP cache, no devices.
 */
module org.margay.net.ethernet {
    requires transitive org.margay.net.common;

    exports org.margay.net.ethernet;
}
