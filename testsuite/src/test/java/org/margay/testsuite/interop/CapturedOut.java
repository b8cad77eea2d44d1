package org.margay.testsuite.interop;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records what the in-process {@code margay} commands print on System.out (and still shows it), so tests can wait for
 * a line and read the summary. Thread-safe: a serve thread prints while the test thread reads.
 */
final class CapturedOut implements AutoCloseable {
    private final PrintStream saved = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CapturedOut() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
                saved.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
                saved.write(b, off, len);
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    List<String> lines() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Waits up to {@code millis} for a line starting with {@code prefix}; returns it or null. */
    String await(String prefix, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            for (String l : lines()) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(saved);
    }
}
