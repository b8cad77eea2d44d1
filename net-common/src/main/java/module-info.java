/**
 * Shared vocabulary of Margay's wire-format modules: byte-order helpers over {@link java.lang.foreign.MemorySegment},
 * the Internet checksum (RFC 1071, RFC 1624), IPv4 addresses, the validation status every view returns, and
 * the hierarchical timing wheel the protocol timers run on ({@code org.margay.net.common.timer}).
 *
 * <p>This module knows no protocol state, no sockets and no devices.
 */
module org.margay.net.common {
    exports org.margay.net.common;
    exports org.margay.net.common.timer;
}
