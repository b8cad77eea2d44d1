/**
 * The passive analyser: sequence-space reasoning over the segments one observer saw (retransmissions, duplicate
 * ACKs, out-of-order, windows, keep-alives, RTT, the SACK scoreboard, inferred RFC 9293 states).
 */
package org.margay.explain.passive;
