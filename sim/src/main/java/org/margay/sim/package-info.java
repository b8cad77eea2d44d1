/**
 * Whole-stack simulations on virtual time: {@link org.margay.sim.Simulation} (hosts, the poll/advance loop),
 * {@link org.margay.sim.TransferScenario} (checked TCP transfers) and {@link org.margay.sim.SimReport}.
 */
package org.margay.sim;
