package org.margay.pdpix.inet;

import java.util.Locale;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/**
 * Typed reads of a {@link LibOSConfig} for the providers: every bad or missing value becomes a
 * {@link PdpixException} with {@link Errno#EINVAL} that names the key and the value. Cold path.
 */
final class ConfigKeys {
    private final LibOSConfig config;

    ConfigKeys(LibOSConfig config) {
        this.config = config;
    }

    /** The value of {@code key}; fails naming the key when it is absent or blank. */
    String required(String key, String what) {
        String v = config.get(key, null);
        if (v == null || v.isBlank()) {
            throw new PdpixException(Errno.EINVAL, "configuration needs " + key + " (" + what + ")");
        }
        return v.trim();
    }

    /** The value of {@code key}, or null. */
    String optional(String key) {
        String v = config.get(key, null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An int within [min, max], or {@code fallback} when absent. */
    int intValue(String key, int fallback, int min, int max) {
        String v = optional(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw bad(key, v, "must be in " + min + ".." + max, null);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "is not an integer", e);
        }
    }

    /** A long, or {@code fallback} when absent. */
    long longValue(String key, long fallback) {
        String v = optional(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.decode(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "is not an integer", e);
        }
    }

    /** A boolean (true/false, yes/no, on/off, 1/0), or {@code fallback} when absent. */
    boolean booleanValue(String key, boolean fallback) {
        String v = optional(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw bad(key, v, "is not a boolean", null);
        };
    }

    /** A dotted-quad IPv4 address. */
    int ipv4(String key, String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, text, "is not an IPv4 address", e);
        }
    }

    /** A MAC address ({@code 02:00:00:00:00:01}). */
    long mac(String key, String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(key, text, "is not a MAC address", e);
        }
    }

    /** The error for a bad value. */
    static PdpixException bad(String key, String value, String why, Throwable cause) {
        String message = "configuration " + key + "=" + value + " " + why;
        return cause == null ? new PdpixException(Errno.EINVAL, message) : new PdpixException(Errno.EINVAL, message, cause);
    }
}
