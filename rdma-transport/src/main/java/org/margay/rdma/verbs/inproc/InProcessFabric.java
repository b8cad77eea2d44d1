package org.margay.rdma.verbs.inproc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Errno;
import org.margay.rdma.verbs.VerbsException;

/**
 * An in-process RDMA fabric: the switch that the in-process devices ({@link InProcessVerbs}) of several hosts,
 * each named by an IPv4 address (its GID is {@code ::ffff:a.b.c.d}, as RoCE v2 names it), are attached to. It
 * routes RC and UD messages to queue pairs and connection-manager requests to listening ids, and counts what
 * real fabrics lose silently (UD datagrams nobody could receive) and receiver-not-ready NAKs.
 *
 * <p>Fabrics are made fresh ({@link #InProcessFabric(String)}) or found by name ({@link #named}), so that two
 * library OSes opened from configuration alone ({@code rdma.device=inproc:NAME}) share one. Queue pair numbers
 * are unique on the fabric. Single-threaded: every device on a fabric is used by one thread.
 */
public final class InProcessFabric {
    private static final Map<String, InProcessFabric> NAMED = new ConcurrentHashMap<>();
    private static final int FIRST_QPN = 0x100;

    private final String name;
    private final Map<Integer, InProcessVerbs> hosts = new HashMap<>();
    private SimQueuePair[] queuePairs = new SimQueuePair[64];
    private static final int REUSE_AFTER = 1024;
    private final java.util.ArrayDeque<Integer> released = new java.util.ArrayDeque<>();
    private int nextQpn = FIRST_QPN;
    private long udDrops;
    private long rnrNaks;

    /** A new, empty fabric. */
    public InProcessFabric(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The fabric called {@code name} in this process, made on first use. */
    public static InProcessFabric named(String name) {
        return NAMED.computeIfAbsent(name, InProcessFabric::new);
    }

    /** The fabric's name. */
    public String name() {
        return name;
    }

    /**
     * Attaches a new device for the host with IPv4 address {@code ip}.
     *
     * @throws VerbsException {@code EADDRINUSE} when a device with that address is attached already
     */
    public InProcessVerbs attach(int ip) {
        if (ip == 0) {
            throw new VerbsException(Errno.EINVAL, "an in-process device needs an IPv4 address (rdma.address)");
        }
        if (hosts.containsKey(ip)) {
            throw new VerbsException(Errno.EADDRINUSE, "fabric " + name + " already has a device at " + Ipv4Address.format(ip));
        }
        InProcessVerbs device = new InProcessVerbs(this, ip);
        hosts.put(ip, device);
        return device;
    }

    /** Attaches a device at {@code a.b.c.d}. */
    public InProcessVerbs attach(String ip) {
        return attach(Ipv4Address.parse(ip));
    }

    void detach(InProcessVerbs device) {
        hosts.remove(device.ipv4(), device);
        if (hosts.isEmpty()) {
            NAMED.remove(name, this);
        }
    }

    /** The device attached at {@code ip} (to check what it still holds), or null. */
    public InProcessVerbs device(int ip) {
        return hosts.get(ip);
    }

    /** The device of host {@code ip}, or null. */
    InProcessVerbs host(int ip) {
        return hosts.get(ip);
    }

    /** Every attached device. */
    List<InProcessVerbs> hosts() {
        return new ArrayList<>(hosts.values());
    }

    /**
     * A queue pair number: a fresh one, or, once more than {@value #REUSE_AFTER} have been released, the one released
     * longest ago (numbers are reused late, so a stale peer is unlikely to reach a new queue pair by mistake).
     */
    int nextQpn() {
        if (released.size() > REUSE_AFTER) {
            return released.poll();
        }
        return nextQpn++;
    }

    void bind(SimQueuePair qp) {
        int index = qp.qpn - FIRST_QPN;
        if (index >= queuePairs.length) {
            queuePairs = java.util.Arrays.copyOf(queuePairs, Math.max(index + 1, queuePairs.length * 2));
        }
        queuePairs[index] = qp;
    }

    void release(SimQueuePair qp) {
        int index = qp.qpn - FIRST_QPN;
        if (index >= 0 && index < queuePairs.length && queuePairs[index] == qp) {
            queuePairs[index] = null;
            released.add(qp.qpn);
        }
    }

    /** The live queue pair {@code qpn} on host {@code ip}, or null. Allocation-free. */
    SimQueuePair queuePair(int ip, int qpn) {
        int index = qpn - FIRST_QPN;
        if (index < 0 || index >= queuePairs.length) {
            return null;
        }
        SimQueuePair qp = queuePairs[index];
        return qp != null && !qp.destroyed && qp.device.ipv4() == ip && !qp.device.isClosed() ? qp : null;
    }

    // ------------------------------------------------------------------ fault injection (tests)

    /**
     * Fault injection: every queue pair of host {@code ip} fails as on an adapter error — it goes to ERR (its queued
     * requests complete flushed) without telling any connection manager, so peers notice only when their sends
     * exhaust their transport retries. Returns how many queue pairs failed.
     */
    public int failQueuePairs(int ip) {
        InProcessVerbs host = hosts.get(ip);
        if (host == null) {
            return 0;
        }
        int n = 0;
        for (SimQueuePair qp : host.queuePairs()) {
            if (qp.state != org.margay.rdma.verbs.QpState.ERR) {
                qp.enterError();
                n++;
            }
        }
        return n;
    }

    /**
     * Fault injection: the receives posted on every queue pair of host {@code ip} are hidden from incoming messages,
     * as if that host's software had not posted them yet, so the next SEND to it meets a receiver-not-ready NAK. They
     * still complete, flushed, when their queue pair goes to ERR, as posted receives do. Returns how many were hidden.
     */
    public int discardReceives(int ip) {
        InProcessVerbs host = hosts.get(ip);
        if (host == null) {
            return 0;
        }
        int n = 0;
        for (SimQueuePair qp : host.queuePairs()) {
            n += qp.discardReceives();
        }
        return n;
    }

    /**
     * Fault injection: the next {@code count} RC sends of host {@code ip} complete with {@code status} (a
     * {@link org.margay.rdma.verbs.WcStatus} error) instead of executing, as when the adapter reports that NAK or
     * error, and the queue pair goes to ERR as every fatal completion error moves it. This reaches statuses that the
     * library OS's own SENDs cannot provoke on a correct peer (a remote access error needs a bad rkey in an RDMA WRITE
     * or READ; the transport posts neither).
     */
    public void failNextSends(int ip, int status, int count) {
        InProcessVerbs host = hosts.get(ip);
        if (host == null) {
            throw new IllegalArgumentException("no device at " + Ipv4Address.format(ip) + " on fabric " + name);
        }
        host.injectSendFailures(status, count);
    }

    void countUdDrop() {
        udDrops++;
    }

    void countRnr() {
        rnrNaks++;
    }

    /** UD messages dropped because nobody could receive them (no queue pair, wrong Q_Key, no receive posted). */
    public long udDrops() {
        return udDrops;
    }

    /** Receiver-not-ready NAKs seen (a SEND that found no receive posted). */
    public long rnrNaks() {
        return rnrNaks;
    }

    @Override
    public String toString() {
        return "InProcessFabric[" + name + ", " + hosts.size() + " hosts]";
    }
}
