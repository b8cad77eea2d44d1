/**
 * A deterministic network simulator for Margay's stacks: {@link org.margay.netsim.SimNetwork} (virtual clock
 * and event queue), {@link org.margay.netsim.SimSwitch} (a learning Ethernet switch),
 * {@link org.margay.netsim.SimPort} (a host's {@link org.margay.fastpath.device.NetworkDevice}) and
 * {@link org.margay.netsim.LinkProfile} (latency, bandwidth, queue and seeded impairments per link), with
 * pcapng recording of any port.
 */
package org.margay.netsim;
