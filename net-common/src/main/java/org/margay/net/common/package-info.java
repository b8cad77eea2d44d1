/**
 * Shared pieces of the wire-format layer.
 *
 * <h2>The no-crash contract of every wire view</h2>
 * Every protocol module ({@code net-ethernet}, {@code net-arp}, {@code net-ipv4}, {@code net-udp},
 * {@code net-tcp}) follows one rule, stated here once: <em>decoding never throws an unchecked exception,
 * whatever the bytes</em>. A view is wrapped over a segment, offset and length; its {@code check()} method
 * reads only inside those bounds and answers with a {@link org.margay.net.common.WireStatus}. Once
 * {@code check()} has answered {@link org.margay.net.common.WireStatus#OK}, every accessor of that view
 * stays inside its bounds. A value object ("repr") is parsed from a checked view through a
 * {@link org.margay.net.common.Parsed} result, never through an exception.
 *
 * <p>Writing goes the other way: a repr or a view's fluent setters emit a header at an offset that the caller
 * chose, leaving headroom in front of it for the lower layers, so headers are prepended without copying the
 * payload.
 */
package org.margay.net.common;
