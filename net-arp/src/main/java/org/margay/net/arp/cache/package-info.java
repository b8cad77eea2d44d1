/**
 * The neighbour cache of RFC 826 for Ethernet/IPv4: address mappings with ageing and static entries,
 * resolution state (requests with retries and exponential backoff) and a bounded queue of packets waiting per
 * resolution. Time enters as {@code long} nanoseconds; the cache knows no clock, no device and no buffer type:
 * waiting packets are opaque references handed back through {@link org.margay.net.arp.cache.ArpActions}.
 */
package org.margay.net.arp.cache;
