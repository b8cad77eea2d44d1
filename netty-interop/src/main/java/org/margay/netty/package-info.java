/**
 * Netty interop. {@link org.margay.netty.NettyBuffers#wrap(org.margay.fastpath.buffer.PacketBuffer)} turns a
 * received {@link org.margay.fastpath.buffer.PacketBuffer} (or a scatter-gather chain of them) into a Netty
 * {@code ByteBuf} over the same memory, without copying; the {@code ByteBuf} holds packet-buffer references
 * and gives them back when its own reference count reaches zero, so Netty's {@code release()} discipline and
 * Margay's free-protection compose. A leaked {@code ByteBuf} therefore shows as an outstanding packet buffer
 * in Margay's leak reports, with its allocation site.
 */
package org.margay.netty;
