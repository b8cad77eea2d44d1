package org.margay.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process the runner started: its standard output read line by line on a daemon thread ({@code READY},
 * {@code RESULT key value}, anything else kept for the log), its standard error appended to a log file. Every wait
 * has a deadline, and {@link #close()} kills whatever is still running (the process and its descendants), so a
 * hung child costs a timeout, never the run. Cold path.
 */
public final class ChildProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final Path log;
    private final List<String> output = new ArrayList<>();
    private final Map<String, String> results = new LinkedHashMap<>();
    private final Map<String, Integer> markers = new LinkedHashMap<>();
    private final java.io.Writer input;
    private boolean ready;
    private boolean outputDone;

    private ChildProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
        this.input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = Thread.ofPlatform().daemon().name("perf-child-" + label).start(this::readOutput);
        reader.setUncaughtExceptionHandler((t, e) -> { });
    }

    /**
     * Starts {@code command}; standard error goes to {@code log} (appended). Standard input stays open for
     * {@link #send} when {@code interactive}, and is {@code /dev/null} otherwise.
     */
    public static ChildProcess start(String label, List<String> command, Path log, boolean interactive) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!interactive) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        return new ChildProcess(label, pb.start(), log);
    }

    /** Writes one line to the child's standard input. */
    public void send(String line) throws IOException {
        input.write(line + "\n");
        input.flush();
    }

    /** Waits until the child printed the line {@code marker} at least {@code count} times; false at the deadline or exit. */
    public synchronized boolean awaitMarker(String marker, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (markers.getOrDefault(marker, 0) < count && !outputDone) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return markers.getOrDefault(marker, 0) >= count;
    }

    /** The {@code RESULT}s since the last call, which clears them. */
    public synchronized Map<String, String> takeResults() {
        Map<String, String> copy = new LinkedHashMap<>(results);
        results.clear();
        return copy;
    }

    /** Sends {@code kill -SIGNAL} to the process ({@code STOP} freezes it, {@code CONT} thaws it). */
    public void signal(String signal) {
        if (process.isAlive()) {
            Tools.run(List.of("kill", "-" + signal, Long.toString(process.pid())), 5000);
        }
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    if (line.equals("READY")) {
                        ready = true;
                    } else if (line.equals("CONNECTED") || line.equals("DONE")) {
                        markers.merge(line, 1, Integer::sum);
                    } else if (line.startsWith("RESULT ")) {
                        String rest = line.substring(7);
                        int space = rest.indexOf(' ');
                        if (space > 0) {
                            results.put(rest.substring(0, space), rest.substring(space + 1));
                        }
                    } else {
                        output.add(line);
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away; what was read is kept
        } finally {
            synchronized (this) {
                outputDone = true;
                notifyAll();
            }
        }
    }

    /** Waits until the child printed {@code READY}; false if it exited or the time ran out first. */
    public synchronized boolean awaitReady(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!ready && !outputDone) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return ready;
    }

    /** Waits for the child to exit; its exit code, or -1 if it was still running at the deadline. */
    public int awaitExit(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        synchronized (this) {
            long deadline = System.currentTimeMillis() + 2000;
            while (!outputDone && System.currentTimeMillis() < deadline) {
                wait(100);
            }
        }
        return process.exitValue();
    }

    /** The {@code RESULT} value of {@code key}, or null. */
    public synchronized String result(String key) {
        return results.get(key);
    }

    /** Every {@code RESULT} so far. */
    public synchronized Map<String, String> results() {
        return new LinkedHashMap<>(results);
    }

    /** Lines of standard output that were neither READY nor RESULT. */
    public synchronized List<String> otherOutput() {
        return new ArrayList<>(output);
    }

    /**
     * Why the child failed, as far as its log tells: the last line that says "failed", "error" or "exception", else
     * the last line; never null.
     */
    public String failureReason() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i > 0; i--) {
                String l = lines.get(i).toLowerCase(java.util.Locale.ROOT);
                if (l.contains("failed") || l.contains("error") || l.contains("exception")) {
                    return lines.get(i).strip();
                }
            }
            return lines.size() > 1 ? lines.get(lines.size() - 1).strip() : "no output (log " + log + ")";
        } catch (IOException e) {
            return "no log: " + e.getMessage();
        }
    }

    /** The label given at start. */
    public String label() {
        return label;
    }

    /** The log file standard error goes to. */
    public Path log() {
        return log;
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Asks the process (and its descendants) to stop, then kills them if they have not after {@code graceMillis}. */
    public void stop(long graceMillis) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            try {
                stop(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
