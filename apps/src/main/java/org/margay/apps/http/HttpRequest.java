package org.margay.apps.http;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One parsed HTTP/1.x request head (RFC 9112 §2–§5): the request line and the header fields, as
 * {@link HttpRequestParser} produced it. Header names are kept in lower case (field names are case-insensitive,
 * RFC 9110 §5.1); values have their surrounding whitespace removed (RFC 9112 §5).
 *
 * @param method       the method token, case-sensitive (RFC 9110 §9.1)
 * @param target       the request-target as sent
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x, RFC 9110 §2.5)
 * @param headers      the fields in order, names lower-cased
 * @param contentLength the body length from Content-Length, 0 when there is none
 */
public record HttpRequest(String method, String target, int minorVersion, List<Header> headers, long contentLength) {
    /** Checks the parts are present. */
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
    }

    /** One header field. */
    public record Header(String name, String value) {
    }

    /** The value of the first field named {@code name} (any case), or null. */
    public String header(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Header h : headers) {
            if (h.name().equals(lower)) {
                return h.value();
            }
        }
        return null;
    }

    /** How many fields are named {@code name}. */
    public int count(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int n = 0;
        for (Header h : headers) {
            if (h.name().equals(lower)) {
                n++;
            }
        }
        return n;
    }

    /** Whether a Connection field lists {@code option} (RFC 9110 §7.6.1: comma-separated, case-insensitive). */
    public boolean connectionOption(String option) {
        for (Header h : headers) {
            if (!h.name().equals("connection")) {
                continue;
            }
            for (String token : h.value().split(",")) {
                if (token.trim().equalsIgnoreCase(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the connection stays open after the response (RFC 9112 §9.3): HTTP/1.1 unless the client said
     * {@code close}; HTTP/1.0 only when it said {@code keep-alive}.
     */
    public boolean keepAlive() {
        if (connectionOption("close")) {
            return false;
        }
        return minorVersion >= 1 || connectionOption("keep-alive");
    }

    /** "HTTP/1.0" or "HTTP/1.1". */
    public String version() {
        return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1";
    }
}
