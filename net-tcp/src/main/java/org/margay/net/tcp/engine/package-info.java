/**
 * The TCP protocol engine (RFC 9293): {@link org.margay.net.tcp.engine.TcpLayer} (demultiplexing, listeners, RST
 * for closed ports, ISNs, SYN cookies, the ready list and the deadline heap) and
 * {@link org.margay.net.tcp.engine.TcpConnection} (the TCB and RFC 9293 §3.10 event processing, with header
 * prediction), configured by {@link org.margay.net.tcp.engine.TcpConfig} and emitting through a
 * {@link org.margay.net.tcp.engine.SegmentSink} the stack implements.
 *
 * <p>What stays true here: single-threaded; time enters only as {@code long nowNanos} arguments; nothing allocates
 * per segment, poll or timer once connections exist (connection setup allocates its buffers); bad input never
 * throws. The engine knows nothing of devices, frames or IP routing: it sees addresses as {@code int}s, segments as
 * {@link org.margay.net.tcp.TcpSegment} views whose checksum the IP layer has verified, and hands segments out as
 * field values plus the send ring.
 */
package org.margay.net.tcp.engine;
