/**
 * IPv4 routing for one link: the {@link org.margay.net.ipv4.route.RoutingTable} (connected prefixes, static
 * routes, a default gateway; longest-prefix match). Knows addresses as {@code int}s; no devices, no ARP.
 */
package org.margay.net.ipv4.route;
