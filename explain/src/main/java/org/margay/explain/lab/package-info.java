/**
 * The lab: named, deterministic scenarios that each show one mechanism (handshake, slow start, fast retransmit,
 * SACK recovery, RTO back-off, zero window, Nagle and delayed ACK, simultaneous open, TIME-WAIT, SYN cookies,
 * IP fragmentation), each with a short text saying what to look for.
 */
package org.margay.explain.lab;
