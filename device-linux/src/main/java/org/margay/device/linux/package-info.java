/**
 * Linux devices for Margay, through FFM against libc:
 * <ul>
 *   <li>{@link org.margay.device.linux.TapDevice}: a TAP interface, with the kernel's stack as the peer;</li>
 *   <li>{@link org.margay.device.linux.AfPacketDevice}: a raw packet socket bound to an existing interface;</li>
 *   <li>{@link org.margay.device.linux.AfXdpDevice}: an AF_XDP socket with its UMEM, zero copy between the
 *       stack and the socket;</li>
 *   <li>{@link org.margay.device.linux.ShmDevice}: two processes exchanging frames through single-producer
 *       single-consumer rings in a shared memory-mapped file, zero-copy inside the mapping;</li>
 *   <li>{@link org.margay.device.linux.NetNamespace}: runs set-up code inside a named network namespace.</li>
 * </ul>
 * Set-up failures throw {@link org.margay.device.linux.LinuxCallException} (or
 * {@link org.margay.device.linux.ShmFormatException} for a bad shared-memory file); the polling path never
 * throws and counts what goes wrong.
 */
package org.margay.device.linux;
