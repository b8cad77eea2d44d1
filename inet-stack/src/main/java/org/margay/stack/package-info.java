/**
 * The inet stack: {@link org.margay.stack.InetStack} (one host on one link, polled by one thread),
 * {@link org.margay.stack.StackConfig}, {@link org.margay.stack.StackStats}, and the application handles
 * {@link org.margay.stack.TcpApi} and {@link org.margay.stack.UdpApi}.
 */
package org.margay.stack;
