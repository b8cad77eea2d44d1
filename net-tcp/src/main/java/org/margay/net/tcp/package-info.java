/**
 * TCP wire format (RFC 9293 §3.1): the flyweight view {@link org.margay.net.tcp.TcpSegment}, the option
 * holder {@link org.margay.net.tcp.TcpOptions} and wire-order cursor {@link org.margay.net.tcp.TcpOptionCursor},
 * the option writer {@link org.margay.net.tcp.TcpOptionsWriter}, the value objects
 * {@link org.margay.net.tcp.TcpRepr} and {@link org.margay.net.tcp.TcpOptionSet}, and
 * {@link org.margay.net.tcp.SequenceNumber} arithmetic (RFC 9293 §3.4). Decoding never throws, whatever the
 * bytes (see {@code org.margay.net.common}).
 */
package org.margay.net.tcp;
