package org.margay.perf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds and starts the runner's child processes: JVMs running {@code org.margay.perf.child.PerfChild} on the class
 * path made of this JVM's module path and class path (so the second JVM of a pair runs exactly the code the first
 * does), and native programs (sockperf, iperf3, the C memif floor). Each is pinned to one CPU with {@code taskset}
 * when it is installed and the machine has the CPU: the client of a pair on {@link #clientCpu()}, the server on
 * {@link #serverCpu()}, since the busy-polling variants need a core each. Standard error of every child goes to
 * {@link #log()}.
 */
public final class Launcher {
    /** The child entry point. */
    public static final String CHILD_MAIN = "org.margay.perf.child.PerfChild";

    private final Path runDirectory;
    private final Path log;
    private final String java;
    private final String classPath;
    private final boolean taskset;
    private final int cpus;
    private final List<String> extraJvmArgs = new ArrayList<>();
    private int started;

    /** A launcher writing its files (logs, shared-memory files, sockets) under {@code runDirectory}. */
    public Launcher(Path runDirectory) throws IOException {
        this.runDirectory = Files.createDirectories(runDirectory);
        this.log = runDirectory.resolve("children.log");
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = childClassPath();
        this.taskset = Tools.onPath("taskset");
        this.cpus = Runtime.getRuntime().availableProcessors();
    }

    /** JVM flags added to every Java child from now on ({@code -XX:StartFlightRecording=...}, say). */
    public void addJvmArgs(List<String> args) {
        extraJvmArgs.addAll(args);
    }

    /** Where this run keeps its files. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The index of the children's logs (one line per child: its log file and its command). */
    public Path log() {
        return log;
    }

    /** The CPU the measuring side runs on. */
    public int clientCpu() {
        return 0;
    }

    /** The CPU the other side runs on (the same as the client's on a one-CPU machine). */
    public int serverCpu() {
        return cpus > 1 ? 1 : 0;
    }

    /** Whether the two sides of a pair get a CPU each. */
    public boolean pinned() {
        return taskset && cpus > 1;
    }

    /**
     * The command for a Java child running {@code role} on {@code cpu} (or unpinned for -1) with the given JVM
     * flags and {@code key=value} arguments.
     */
    public List<String> javaCommand(int cpu, List<String> jvmArgs, String role, List<String> args) {
        List<String> cmd = new ArrayList<>(pin(cpu));
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss4m");
        cmd.addAll(extraJvmArgs);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(CHILD_MAIN);
        cmd.add(role);
        cmd.addAll(args);
        return cmd;
    }

    /** {@code command} prefixed with {@code taskset -c cpu} when pinning is possible and {@code cpu >= 0}. */
    public List<String> nativeCommand(int cpu, List<String> command) {
        List<String> cmd = new ArrayList<>(pin(cpu));
        cmd.addAll(command);
        return cmd;
    }

    private List<String> pin(int cpu) {
        if (cpu < 0 || !taskset || cpu >= cpus) {
            return List.of();
        }
        return List.of("taskset", "-c", Integer.toString(cpu));
    }

    /** Starts {@code command} as a child labelled {@code label}, its standard error in its own log file. */
    public ChildProcess start(String label, List<String> command) throws IOException {
        return start(label, command, false);
    }

    /** As {@link #start(String, List)}, with standard input open for commands when {@code interactive}. */
    public ChildProcess start(String label, List<String> command, boolean interactive) throws IOException {
        Path logs = Files.createDirectories(runDirectory.resolve("logs"));
        Path childLog = logs.resolve(String.format("%04d-%s.log", ++started, label.replaceAll("[^A-Za-z0-9._-]", "_")));
        Files.writeString(childLog, "$ " + String.join(" ", abbreviate(command)) + "\n");
        Files.writeString(log, childLog.getFileName() + ": " + String.join(" ", abbreviate(command)) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return ChildProcess.start(label, command, childLog, interactive);
    }

    private static List<String> abbreviate(List<String> command) {
        List<String> out = new ArrayList<>();
        boolean nextIsClassPath = false;
        for (String s : command) {
            out.add(nextIsClassPath ? "<class path>" : s);
            nextIsClassPath = s.equals("-cp");
        }
        return out;
    }

    /**
     * This JVM's module path and class path as one class path: directories holding jars contribute their jars,
     * other directories (classes) themselves.
     */
    static String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) {
                continue;
            }
            for (String entry : value.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    List<String> jars = jarsIn(p);
                    if (jars.isEmpty()) {
                        entries.add(p.toAbsolutePath().toString());
                    } else {
                        entries.addAll(jars);
                    }
                } else {
                    entries.add(p.toAbsolutePath().toString());
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> jarsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                    .map(f -> f.toAbsolutePath().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
