/**
 * UDP socket state (RFC 768, RFC 1122 §4.1.3): the port table that demultiplexes received datagrams to
 * sockets, and each socket's bounded receive queue and pending error. Sending belongs to the stack, which owns
 * routing and devices; this package knows addresses as {@code int}s and payloads as
 * {@link java.lang.foreign.MemorySegment}s.
 */
package org.margay.net.udp.socket;
