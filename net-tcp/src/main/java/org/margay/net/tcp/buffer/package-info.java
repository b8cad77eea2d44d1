/**
 * The byte stores of a TCP connection: {@link org.margay.net.tcp.buffer.SendBuffer} (the send ring, offset 0 at
 * SND.UNA), {@link org.margay.net.tcp.buffer.ReceiveBuffer} (the receive ring: unread in-order bytes, then the
 * receive window from RCV.NXT) and {@link org.margay.net.tcp.buffer.Assembler} (which ranges beyond RCV.NXT have
 * arrived, and the SACK blocks of RFC 2018 to report them).
 *
 * <p>All three speak in offsets relative to SND.UNA or RCV.NXT, never in sequence numbers: the engine owns those.
 * They allocate nothing after construction; ring transfers are at most two bulk {@code MemorySegment.copy} calls,
 * one on each side of the wrap point. Misuse by the engine (negative lengths, bytes not held) throws; nothing here
 * reads a peer's bytes as structure, so nothing here can be made to throw by the network.
 */
package org.margay.net.tcp.buffer;
