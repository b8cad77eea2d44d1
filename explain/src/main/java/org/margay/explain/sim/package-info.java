/**
 * Simulated runs as a source: two (or more) Margay stacks on a {@code netsim} switch, with a recording device under
 * each stack and observers on each TCP layer, so that every segment's fate and every decision of the stack is
 * known exactly.
 */
package org.margay.explain.sim;
