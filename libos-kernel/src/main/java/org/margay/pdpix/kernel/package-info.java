/**
 * The kernel library OS: {@link org.margay.pdpix.kernel.KernelLibOS} implements PDPIX over Linux kernel TCP
 * and UDP sockets through JDK NIO, configured by {@link org.margay.pdpix.kernel.KernelConfig}'s
 * {@code kernel.*} keys and opened by name ({@code libos=kernel}) through
 * {@link org.margay.pdpix.kernel.KernelLibOSProvider}.
 *
 * <p>Inside: one queue class per socket kind ({@code StreamQueue}, {@code DatagramQueue}), the stream stages
 * that feed PDPIX's element encoder and decoder ({@code SendStage}, {@code ReceiveStage}), caches that keep the
 * data path free of allocation ({@code SegmentViews}, {@code DestinationCache}, {@code StagePool}), and
 * {@link org.margay.pdpix.kernel.NioErrno}, which recovers errno codes from NIO's exceptions.
 */
package org.margay.pdpix.kernel;
