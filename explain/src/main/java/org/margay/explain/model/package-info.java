/**
 * The event model: a conversation's packets (wire facts, fate, what the analysis found), its timeline events
 * (state transitions with their RFC rule, retransmissions with their cause, congestion and timer changes,
 * windows, SACK) and series sampled over time, shared by both sources and every renderer.
 */
package org.margay.explain.model;
