package org.margay.sim;

import org.margay.netsim.SimPort;
import org.margay.stack.InetStack;

/**
 * One simulated host: its name, its switch port (the device) and the stack driving it.
 *
 * @param name     the host's name (also the port's)
 * @param address  the stack's primary IPv4 address
 * @param port     the simulated device
 * @param stack    the stack bound to {@code port}
 */
public record SimHost(String name, int address, SimPort port, InetStack stack) {
}
