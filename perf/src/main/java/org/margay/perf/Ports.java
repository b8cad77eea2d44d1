package org.margay.perf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loopback TCP ports for the kernel-path alternatives (cold path). */
public final class Ports {
    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until something listens on TCP {@code port} (read from {@code /proc/net/tcp}, so that no test connection
     * disturbs a one-shot server such as {@code iperf3 -s -1}); false at the deadline.
     */
    public static boolean awaitListening(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (listening(port)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Whether {@code /proc/net/tcp} or {@code tcp6} shows a LISTEN socket on {@code port}. */
    static boolean listening(int port) {
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                if (listening(Files.readAllLines(Path.of(file)), port)) {
                    return true;
                }
            } catch (IOException e) {
                // not on Linux, or no IPv6: try the next
            }
        }
        return false;
    }

    /** Whether the lines of a {@code /proc/net/tcp}-format table hold a LISTEN (state 0A) socket on {@code port}. */
    static boolean listening(List<String> lines, int port) {
        String hexPort = String.format(":%04X", port);
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                return true;
            }
        }
        return false;
    }
}
