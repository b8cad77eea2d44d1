package org.margay.pdpix;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The configuration that chooses and sets up a library OS: string keys and values, as in a properties file or
 * {@code -D} system properties. {@link #LIBOS} names the library OS; every other key belongs to it and is
 * documented by its provider (keys start with the library OS's name, such as {@code inet.address}).
 *
 * <p>Immutable. Typed getters fail with a message naming the key and the bad value.
 */
public final class LibOSConfig {
    /** The key naming the library OS ({@code inet}, {@code kernel}, ...). */
    public static final String LIBOS = "libos";
    /** Preallocated qtoken slots (operations in flight at once). */
    public static final String MAX_OPERATIONS = "pdpix.max-operations";
    /** Queue descriptors available. */
    public static final String MAX_QUEUES = "pdpix.max-queues";
    /** Preallocated scatter-gather arrays. */
    public static final String MAX_SGAS = "pdpix.max-sgas";
    /**
     * How a wait idles when a duty cycle found nothing to do, in the forms of
     * {@link org.margay.fastpath.runtime.IdleStrategies}: {@code spin}, {@code park:50us}, {@code backoff} or
     * {@code backoff:SPINS,YIELDS,MINPARK,MAXPARK}; the default is {@code backoff:100,100,1us,50us}. A library OS
     * may offer more (a kernel libOS blocking in {@code epoll}).
     */
    public static final String IDLE = "pdpix.idle";

    private final Map<String, String> values;

    private LibOSConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A configuration with exactly these entries. */
    public static LibOSConfig of(Map<String, String> values) {
        return new LibOSConfig(Objects.requireNonNull(values, "values"));
    }

    /** {@code libos=name} and the other pairs given as key, value, key, value... */
    public static LibOSConfig of(String libos, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        map.put(LIBOS, libos);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new LibOSConfig(map);
    }

    /** Reads a properties file. */
    public static LibOSConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            map.put(key, p.getProperty(key));
        }
        return new LibOSConfig(map);
    }

    /**
     * The system properties starting with {@code margay.} (prefix stripped), so {@code -Dmargay.libos=kernel}
     * chooses the kernel library OS without a code change.
     */
    public static LibOSConfig fromSystemProperties() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("margay.")) {
                map.put(key.substring("margay.".length()), System.getProperty(key));
            }
        }
        return new LibOSConfig(map);
    }

    /** A copy with {@code key} set to {@code value}. */
    public LibOSConfig with(String key, String value) {
        Map<String, String> map = new LinkedHashMap<>(values);
        map.put(key, value);
        return new LibOSConfig(map);
    }

    /** The library OS's name, or {@code fallback} when unset. */
    public String libos(String fallback) {
        return values.getOrDefault(LIBOS, fallback);
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** An integer value, or {@code fallback}. */
    public int getInt(String key, int fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " is not an integer", e);
        }
    }

    /** A boolean value ({@code true}/{@code false}), or {@code fallback}. */
    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " is not a boolean");
        };
    }

    /** Every entry. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return "LibOSConfig" + values;
    }
}
