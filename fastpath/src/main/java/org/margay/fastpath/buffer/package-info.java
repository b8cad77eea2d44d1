/**
 * Packet memory: {@link org.margay.fastpath.buffer.PacketBuffer} (a slot with headroom, a reference count
 * and a chain link), the {@link org.margay.fastpath.buffer.BufferPool} it comes from, and leak detection
 * for tests.
 *
 * <p>Ownership rule, in one line: whoever holds a reference releases it exactly once; a buffer returns to
 * its pool when the last reference goes. Every hand-over in Margay (device to stack, stack to device, ring to
 * consumer) passes one reference and says so in its javadoc.
 */
package org.margay.fastpath.buffer;
