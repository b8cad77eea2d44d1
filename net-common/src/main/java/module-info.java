/**
 * Shared vocabulary of Margay's wire-format modules: byte-order helpers over {@link java.lang.foreign.MemorySegment},
 * the Internet checksum (RFC 1071, RFC 1624), IPv4 addresses, and the validation status every view returns.
 *
 * <p>This module knows no protocol state, no sockets and no devices.
 */
module org.margay.net.common {
    exports org.margay.net.common;
}
