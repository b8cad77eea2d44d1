/**
 * The IPv4 header (RFC 791 §3.1): {@link org.margay.net.ipv4.Ipv4Packet} (view),
 * {@link org.margay.net.ipv4.Ipv4Options} (option walker), {@link org.margay.net.ipv4.Ipv4Repr} (value) and
 * {@link org.margay.net.ipv4.IpProtocol} (protocol numbers).
 *
 * <p>Views follow the no-crash contract of {@code org.margay.net.common}: {@code check()} reads only inside the
 * wrapped bounds and answers with a {@link org.margay.net.common.WireStatus}; after {@code OK} every accessor
 * stays inside those bounds.
 */
package org.margay.net.ipv4;
