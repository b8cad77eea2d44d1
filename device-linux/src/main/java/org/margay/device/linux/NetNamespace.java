package org.margay.device.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Runs set-up code inside a named network namespace ({@code ip netns add NAME}), so that a TAP interface or
 * a packet socket is created there while the rest of the JVM stays where it is.
 *
 * <h2>How</h2>
 * {@link #callIn(String, Callable)} starts a dedicated platform thread, which opens
 * {@code /var/run/netns/NAME} and calls {@code setns(fd, CLONE_NEWNET)}: Linux switches the network namespace
 * of that one thread only (a process may be multithreaded for {@code CLONE_NEWNET}, unlike mount or user
 * namespaces). The action runs on that thread and its result is handed back; the thread then ends. Every
 * network object the action created keeps the namespace it was created in: a TAP descriptor stays attached
 * to an interface in that namespace, a packet socket stays bound to an interface there, and both may then be
 * used from any thread (the device's polling thread lives in the JVM's own namespace).
 *
 * <p>This avoids both moving interfaces between namespaces (a TAP that is open cannot usefully be moved out
 * from under its creator's routes) and running the JVM under {@code ip netns exec}. Needs root or
 * {@code CAP_SYS_ADMIN}.
 *
 * <p>Cold path only; the thread is never a virtual thread (a carrier thread must not change namespace).
 */
public final class NetNamespace {
    /** Where {@code ip netns} keeps its named namespaces. */
    public static final String NETNS_DIRECTORY = "/var/run/netns/";

    private NetNamespace() {
    }

    /**
     * Runs {@code action} in network namespace {@code namespace} (a name under {@value #NETNS_DIRECTORY}, or
     * an absolute path such as {@code /proc/PID/ns/net}) and returns its result.
     *
     * @throws LinuxCallException if the namespace cannot be opened or entered
     * @throws RuntimeException   whatever the action threw (checked exceptions wrapped)
     */
    public static <T> T callIn(String namespace, Callable<T> action) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(action, "action");
        String path = namespace.startsWith("/") ? namespace : NETNS_DIRECTORY + namespace;
        if (!namespace.startsWith("/") && (namespace.isEmpty() || namespace.contains("/"))) {
            throw new IllegalArgumentException("a namespace name has no '/': '" + namespace + "'");
        }
        Outcome<T> outcome = new Outcome<>();
        Thread thread = Thread.ofPlatform().name("margay-netns-" + namespace).unstarted(() -> {
            try {
                enter(path);
                outcome.value = action.call();
            } catch (Throwable t) {
                outcome.failure = t;
            }
        });
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the action must finish: it may be holding a half-made device
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (outcome.failure instanceof RuntimeException r) {
            throw r;
        }
        if (outcome.failure instanceof Error e) {
            throw e;
        }
        if (outcome.failure != null) {
            throw new IllegalStateException("action in network namespace '" + namespace + "' failed", outcome.failure);
        }
        return outcome.value;
    }

    /** Moves the calling thread into the network namespace at {@code path}. */
    private static void enter(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = LibC.newCallState(arena);
            String what = "entering network namespace " + path;
            int fd = LibC.check(LibC.open(state, arena.allocateFrom(path), LibC.O_RDONLY | LibC.O_CLOEXEC), state,
                    "open(" + path + ")", what);
            try {
                LibC.check(LibC.setns(state, fd, LibC.CLONE_NEWNET), state, "setns(CLONE_NEWNET)", what);
            } finally {
                LibC.close(state, fd);
            }
        }
    }

    /** What the namespace thread produced. */
    private static final class Outcome<T> {
        T value;
        Throwable failure;
    }
}
