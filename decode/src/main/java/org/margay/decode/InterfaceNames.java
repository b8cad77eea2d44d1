package org.margay.decode;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The names this host gives to interface indexes, as tcpdump 4.99 prints them for Linux cooked v2 frames
 * ({@code if_indextoname}, "?" when the index is unknown here). The answer depends on the machine (and network
 * namespace) that reads the capture, exactly as tcpdump's does. Linux lists every interface, addressed or not,
 * under {@code /sys/class/net}; elsewhere {@link NetworkInterface} is asked. Cold path: read once, then cached.
 */
final class InterfaceNames {
    private static final String UNKNOWN = "?";
    private static final Path SYS_CLASS_NET = Path.of("/sys/class/net");
    private Map<Long, String> names;

    /** The name of interface {@code index} on this host, or "?". */
    String name(long index) {
        if (names == null) {
            names = load();
        }
        return names.computeIfAbsent(index, InterfaceNames::lookUp);
    }

    private static Map<Long, String> load() {
        Map<Long, String> found = new HashMap<>();
        if (!Files.isDirectory(SYS_CLASS_NET)) {
            return found;
        }
        try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(SYS_CLASS_NET)) {
            for (Path nic : interfaces) {
                try {
                    long index = Long.parseLong(Files.readString(nic.resolve("ifindex")).trim());
                    found.put(index, nic.getFileName().toString());
                } catch (IOException | NumberFormatException e) {
                    // not an interface directory: skip it
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: fall back to NetworkInterface per index
        }
        return found;
    }

    private static String lookUp(long index) {
        if (index <= 0 || index > Integer.MAX_VALUE) {
            return UNKNOWN;
        }
        try {
            NetworkInterface nic = NetworkInterface.getByIndex((int) index);
            return nic == null ? UNKNOWN : nic.getName();
        } catch (SocketException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
