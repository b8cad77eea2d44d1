/**
 * Round-trip-time estimation and congestion control for Margay's TCP: {@link org.margay.net.tcp.cc.RttEstimator}
 * (RFC 6298), the {@link org.margay.net.tcp.cc.CongestionControl} plug-in point with
 * {@link org.margay.net.tcp.cc.NewReno} (RFC 5681 with RFC 3465 byte counting) and
 * {@link org.margay.net.tcp.cc.Cubic} (RFC 9438), and the {@link org.margay.net.tcp.cc.InitialWindow} policy
 * (RFC 6928, RFC 5681 §3.1).
 *
 * <p>What stays true here: everything is plain {@code long} arithmetic on nanoseconds and bytes, driven by
 * arguments ({@code nowNanos}, {@code ackedBytes}, {@code flightSize}); there is no clock object, no segment, no
 * buffer, and nothing is allocated after construction. The package depends on {@code java.base} only. Loss
 * detection (dup ACKs, SACK, RACK-TLP), Proportional Rate Reduction (RFC 6937), NewReno partial-ACK handling
 * (RFC 6582) and Karn's rule (RFC 6298 §3) belong to the connection and the recovery package: they call into
 * this package, never the other way round.
 */
package org.margay.net.tcp.cc;
