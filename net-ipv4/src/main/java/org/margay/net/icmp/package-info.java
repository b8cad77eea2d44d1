/**
 * ICMP for IPv4 (RFC 792): {@link org.margay.net.icmp.IcmpMessage} (view), {@link org.margay.net.icmp.IcmpRepr}
 * (values per message kind) and {@link org.margay.net.icmp.IcmpType} (type and code numbers with names).
 *
 * <p>Views follow the no-crash contract of {@code org.margay.net.common}.
 */
package org.margay.net.icmp;
