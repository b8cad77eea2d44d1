/**
 * The device seam: {@link org.margay.fastpath.device.NetworkDevice} (bursts in, bursts out, a pool, a MAC,
 * an MTU, offload capabilities and counters), the reusable {@link org.margay.fastpath.device.PacketBurst},
 * and an in-memory {@link org.margay.fastpath.device.LoopbackPair}. Stacks reach links only through this
 * package.
 */
package org.margay.fastpath.device;
