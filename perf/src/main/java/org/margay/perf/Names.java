package org.margay.perf;

/** The names for the alternatives ({@code alternativeName} in the JSON). */
public final class Names {
    /** Linux loopback TCP, both sides spinning on non-blocking sockets. */
    public static final String LINUX_BUSY_POLL = "linux-tcp-busy-poll";
    /** Linux loopback TCP, blocking reads. */
    public static final String LINUX_BLOCKING = "linux-tcp-blocking";
    /** Netty 4.2 epoll with {@code SelectStrategy.BUSY_WAIT}. */
    public static final String NETTY_BUSY_WAIT = "netty-epoll-busy-wait";
    /** Netty 4.2 epoll, default strategy. */
    public static final String NETTY_EPOLL = "netty-epoll";
    /** The C program over DPDK memif. */
    public static final String C_MEMIF_FLOOR = "c-memif-floor";
    /** The raw Java shared-memory exchange between two JVMs. */
    public static final String JAVA_SHM_FLOOR = "java-shm-floor";
    /** iperf3 over loopback with {@code -M 1460}. */
    public static final String IPERF_MSS1460 = "iperf3-mss1460";
    /** iperf3 over loopback, default MSS (64 KiB loopback MTU). */
    public static final String IPERF_DEFAULT = "iperf3-default";
    /** No alternative is run: the target figure stands in (ratio above 1 = target met). */
    public static final String TARGET = "target";

    private Names() {
    }
}
