/**
 * UDP wire format (RFC 768): a flyweight view ({@link org.margay.net.udp.UdpDatagram}) and a value object
 * ({@link org.margay.net.udp.UdpRepr}). Decoding never throws, whatever the bytes (see
 * {@code org.margay.net.common}).
 */
package org.margay.net.udp;
