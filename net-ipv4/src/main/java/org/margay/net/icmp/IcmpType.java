package org.margay.net.icmp;

/**
 * ICMP for IPv4 message types and codes (RFC 792; router discovery RFC 1256; address mask RFC 950;
 * next-hop MTU RFC 1191; administratively prohibited codes RFC 1812 §5.2.7.1), as plain {@code int}s.
 *
 * <p>The name methods return constant strings (no allocation) or {@code null} for numbers they do not know;
 * the names follow tcpdump's wording where tcpdump has one.
 */
public final class IcmpType {
    /** Echo Reply (RFC 792). */
    public static final int ECHO_REPLY = 0;
    /** Destination Unreachable (RFC 792). */
    public static final int DESTINATION_UNREACHABLE = 3;
    /** Source Quench (RFC 792; deprecated by RFC 6633). */
    public static final int SOURCE_QUENCH = 4;
    /** Redirect (RFC 792). */
    public static final int REDIRECT = 5;
    /** Echo (request) (RFC 792). */
    public static final int ECHO_REQUEST = 8;
    /** Router Advertisement (RFC 1256). */
    public static final int ROUTER_ADVERTISEMENT = 9;
    /** Router Solicitation (RFC 1256). */
    public static final int ROUTER_SOLICITATION = 10;
    /** Time Exceeded (RFC 792). */
    public static final int TIME_EXCEEDED = 11;
    /** Parameter Problem (RFC 792). */
    public static final int PARAMETER_PROBLEM = 12;
    /** Timestamp (request) (RFC 792). */
    public static final int TIMESTAMP_REQUEST = 13;
    /** Timestamp Reply (RFC 792). */
    public static final int TIMESTAMP_REPLY = 14;
    /** Information Request (RFC 792; obsolete). */
    public static final int INFORMATION_REQUEST = 15;
    /** Information Reply (RFC 792; obsolete). */
    public static final int INFORMATION_REPLY = 16;
    /** Address Mask Request (RFC 950). */
    public static final int ADDRESS_MASK_REQUEST = 17;
    /** Address Mask Reply (RFC 950). */
    public static final int ADDRESS_MASK_REPLY = 18;

    /** Destination Unreachable code 0: net unreachable. */
    public static final int UNREACH_NET = 0;
    /** Code 1: host unreachable. */
    public static final int UNREACH_HOST = 1;
    /** Code 2: protocol unreachable. */
    public static final int UNREACH_PROTOCOL = 2;
    /** Code 3: port unreachable. */
    public static final int UNREACH_PORT = 3;
    /** Code 4: fragmentation needed and DF set; bytes 6–7 carry the next-hop MTU (RFC 1191 §4). */
    public static final int UNREACH_NEEDFRAG = 4;
    /** Code 5: source route failed. */
    public static final int UNREACH_SRCFAIL = 5;
    /** Code 6: destination network unknown (RFC 1122 §3.2.2.1). */
    public static final int UNREACH_NET_UNKNOWN = 6;
    /** Code 7: destination host unknown. */
    public static final int UNREACH_HOST_UNKNOWN = 7;
    /** Code 8: source host isolated. */
    public static final int UNREACH_ISOLATED = 8;
    /** Code 9: network administratively prohibited. */
    public static final int UNREACH_NET_PROHIBITED = 9;
    /** Code 10: host administratively prohibited. */
    public static final int UNREACH_HOST_PROHIBITED = 10;
    /** Code 11: network unreachable for TOS. */
    public static final int UNREACH_TOS_NET = 11;
    /** Code 12: host unreachable for TOS. */
    public static final int UNREACH_TOS_HOST = 12;
    /** Code 13: communication administratively prohibited (RFC 1812 §5.2.7.1). */
    public static final int UNREACH_FILTER_PROHIBITED = 13;
    /** Code 14: host precedence violation. */
    public static final int UNREACH_HOST_PRECEDENCE = 14;
    /** Code 15: precedence cutoff in effect. */
    public static final int UNREACH_PRECEDENCE_CUTOFF = 15;

    /** Time Exceeded code 0: time to live exceeded in transit. */
    public static final int TIME_EXCEEDED_IN_TRANSIT = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded. */
    public static final int TIME_EXCEEDED_REASSEMBLY = 1;

    private IcmpType() {
    }

    /** A name for the type, for example {@code "echo request"}, or null when unknown. */
    public static String name(int type) {
        return switch (type) {
            case ECHO_REPLY -> "echo reply";
            case DESTINATION_UNREACHABLE -> "destination unreachable";
            case SOURCE_QUENCH -> "source quench";
            case REDIRECT -> "redirect";
            case ECHO_REQUEST -> "echo request";
            case ROUTER_ADVERTISEMENT -> "router advertisement";
            case ROUTER_SOLICITATION -> "router solicitation";
            case TIME_EXCEEDED -> "time exceeded";
            case PARAMETER_PROBLEM -> "parameter problem";
            case TIMESTAMP_REQUEST -> "time stamp request";
            case TIMESTAMP_REPLY -> "time stamp reply";
            case INFORMATION_REQUEST -> "information request";
            case INFORMATION_REPLY -> "information reply";
            case ADDRESS_MASK_REQUEST -> "address mask request";
            case ADDRESS_MASK_REPLY -> "address mask reply";
            default -> null;
        };
    }

    /** True for the error messages that quote the offending datagram (RFC 792; RFC 1122 §3.2.2). */
    public static boolean isError(int type) {
        return type == DESTINATION_UNREACHABLE || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
    }

    /** A name for a Destination Unreachable code, for example {@code "port unreachable"}, or null. */
    public static String unreachableCodeName(int code) {
        return switch (code) {
            case UNREACH_NET -> "net unreachable";
            case UNREACH_HOST -> "host unreachable";
            case UNREACH_PROTOCOL -> "protocol unreachable";
            case UNREACH_PORT -> "port unreachable";
            case UNREACH_NEEDFRAG -> "fragmentation needed and DF set";
            case UNREACH_SRCFAIL -> "source route failed";
            case UNREACH_NET_UNKNOWN -> "destination network unknown";
            case UNREACH_HOST_UNKNOWN -> "destination host unknown";
            case UNREACH_ISOLATED -> "source host isolated";
            case UNREACH_NET_PROHIBITED -> "network administratively prohibited";
            case UNREACH_HOST_PROHIBITED -> "host administratively prohibited";
            case UNREACH_TOS_NET -> "network unreachable for TOS";
            case UNREACH_TOS_HOST -> "host unreachable for TOS";
            case UNREACH_FILTER_PROHIBITED -> "communication administratively prohibited";
            case UNREACH_HOST_PRECEDENCE -> "host precedence violation";
            case UNREACH_PRECEDENCE_CUTOFF -> "precedence cutoff";
            default -> null;
        };
    }

    /** A name for a Redirect code (RFC 792), or null. */
    public static String redirectCodeName(int code) {
        return switch (code) {
            case 0 -> "redirect for network";
            case 1 -> "redirect for host";
            case 2 -> "redirect for TOS and network";
            case 3 -> "redirect for TOS and host";
            default -> null;
        };
    }

    /** A name for a Time Exceeded code (RFC 792), or null. */
    public static String timeExceededCodeName(int code) {
        return switch (code) {
            case TIME_EXCEEDED_IN_TRANSIT -> "time to live exceeded in transit";
            case TIME_EXCEEDED_REASSEMBLY -> "fragment reassembly time exceeded";
            default -> null;
        };
    }

    /** A name for a Parameter Problem code (RFC 792, RFC 1122 §3.2.2.5), or null. */
    public static String parameterProblemCodeName(int code) {
        return switch (code) {
            case 0 -> "pointer indicates the error";
            case 1 -> "missing a required option";
            case 2 -> "bad length";
            default -> null;
        };
    }

    /** The code name for any type that has named codes, or null. */
    public static String codeName(int type, int code) {
        return switch (type) {
            case DESTINATION_UNREACHABLE -> unreachableCodeName(code);
            case REDIRECT -> redirectCodeName(code);
            case TIME_EXCEEDED -> timeExceededCodeName(code);
            case PARAMETER_PROBLEM -> parameterProblemCodeName(code);
            default -> null;
        };
    }
}
