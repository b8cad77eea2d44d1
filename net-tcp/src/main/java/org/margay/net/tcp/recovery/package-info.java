/**
 * The sender's loss detection and recovery for Margay's TCP: the {@link org.margay.net.tcp.recovery.TransmitLedger}
 * (one record per in-flight segment, with the SACK scoreboard of RFC 2018 and the RFC 6675 §4 rules IsLost, SetPipe
 * and NextSeg), {@link org.margay.net.tcp.recovery.SackRecovery} (RFC 6675 §5 recovery point and rescue
 * retransmission), {@link org.margay.net.tcp.recovery.NewRenoRecovery} (RFC 6582 §3.2, for peers without SACK),
 * {@link org.margay.net.tcp.recovery.ProportionalRateReduction} (RFC 6937 PRR-SSRB),
 * {@link org.margay.net.tcp.recovery.Rack} (RFC 8985 §6) and {@link org.margay.net.tcp.recovery.TailLossProbe}
 * (RFC 8985 §7).
 *
 * <p>What stays true here: sequence numbers are raw {@code int}s compared modulo 2^32 with
 * {@link org.margay.net.tcp.SequenceNumber}; times are {@code long} nanoseconds passed in as {@code now}; nothing
 * is allocated after construction (parallel primitive arrays, reusable result holders, no boxing). The package
 * decides what is lost and what may be sent; it never sends, never owns a timer and never touches congestion
 * control: the engine does, and calls {@code cc} when these classes say a loss was found. It knows nothing of
 * sockets, buffers or devices, and depends on {@code java.base} and {@code SequenceNumber} only.
 */
package org.margay.net.tcp.recovery;
