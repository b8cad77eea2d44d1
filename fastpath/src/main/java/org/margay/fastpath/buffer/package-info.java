/**
 * Packet memory: {@link org.margay.fastpath.buffer.PacketBuffer} (a slot with headroom, a reference count
 * and a chain link), the {@link org.margay.fastpath.buffer.BufferPool} it comes from, the
 * {@link org.margay.fastpath.buffer.MemoryManager} that puts a device's pools behind one interface and serves
 * any size as one buffer or a scatter-gather chain ({@link org.margay.fastpath.buffer.ArenaMemoryManager}
 * over off-heap arenas today), and leak detection for tests.
 *
 * <p>Ownership rule, in one line: whoever holds a reference releases it exactly once; a buffer returns to
 * its pool when the last reference goes. Every hand-over in Margay (device to stack, stack to device, ring to
 * consumer) passes one reference and says so in its javadoc. This is Demikernel's free-protection: an
 * application may free a buffer it pushed right away, while the device or the retransmission queue still
 * holds it.
 */
package org.margay.fastpath.buffer;
