/**
 * Time sources. Everything that waits in Margay (retransmission timers, delayed ACKs, the simulator's links,
 * the impairment layer's delays) reads a {@link org.margay.fastpath.time.Clock} it was given, never the
 * system clock directly, so that a simulation can run on virtual time.
 */
package org.margay.fastpath.time;
