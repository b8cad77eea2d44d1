package org.margay.explain.sim;

import org.margay.netsim.SimPort;
import org.margay.stack.InetStack;

/**
 * One host of a lab network: its name and address, the simulator's port, the recording device over it, and the
 * stack (null for a raw port that a scenario drives by hand, such as a SYN flooder) with its probe.
 *
 * @param name    the host's name ("client", "server", "attacker")
 * @param address its IPv4 address
 * @param mac     its MAC address
 * @param port    the simulator's port
 * @param device  the recording device the stack (or the scenario) uses
 * @param stack   the stack, or null for a raw port
 * @param probe   the probe on the stack's TCP layer, or null for a raw port
 */
public record LabHost(String name, int address, long mac, SimPort port, LabDevice device, InetStack stack,
                      StackProbe probe) {
    /** Whether a stack runs on this host. */
    public boolean hasStack() {
        return stack != null;
    }
}
