package org.margay.explain.model;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One IPv4 packet of a conversation: the wire facts (fixed at construction) and what the analysis concluded
 * (filled in later: side, findings, retransmission cause, relative sequence numbers).
 *
 * <p>Times: a simulated packet has a send time and, unless lost, an arrival time, both exact. A captured
 * packet has one capture time; the analysis may estimate the send and arrival times at the two ends from the
 * handshake (see {@link #estimateTimes}). {@code sentNanos <= arrivedNanos} always holds when both are set.
 */
public final class PacketRecord {
    /** Marks a time that is not known. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final int number;
    private final IpHeader ip;
    private final int sourcePort;
    private final int destinationPort;
    private final TcpHeader tcp;
    private final int frameLength;
    private long sentNanos;
    private long arrivedNanos;
    private final long capturedNanos;
    private Fate fate;
    private boolean exactSender;

    private long order;
    private int side = -1;
    private final Set<Finding> findings = EnumSet.noneOf(Finding.class);
    private int dupAckNumber;
    private RetransmitCause cause;
    private long relativeSequence = -1;
    private long relativeAcknowledgment = -1;
    private long scaledWindow = -1;

    private PacketRecord(int number, IpHeader ip, int sourcePort, int destinationPort, TcpHeader tcp, int frameLength,
                         long sentNanos, long arrivedNanos, long capturedNanos, Fate fate) {
        if (number <= 0) {
            throw new IllegalArgumentException("packet numbers start at 1: " + number);
        }
        this.number = number;
        this.ip = Objects.requireNonNull(ip, "ip");
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.tcp = tcp;
        this.frameLength = frameLength;
        this.sentNanos = sentNanos;
        this.arrivedNanos = arrivedNanos;
        this.capturedNanos = capturedNanos;
        this.fate = fate;
        this.order = number;
    }

    /** A packet seen once at a capture point at {@code capturedNanos}; {@code tcp} is null for other protocols. */
    public static PacketRecord captured(int number, long capturedNanos, IpHeader ip, int sourcePort,
                                        int destinationPort, TcpHeader tcp, int frameLength) {
        return new PacketRecord(number, ip, sourcePort, destinationPort, tcp, frameLength, capturedNanos,
                capturedNanos, capturedNanos, Fate.CAPTURED);
    }

    /** A simulated packet sent at {@code sentNanos}; it stays {@link Fate#LOST} until {@link #arrived} is called. */
    public static PacketRecord sent(int number, long sentNanos, IpHeader ip, int sourcePort, int destinationPort,
                                    TcpHeader tcp, int frameLength) {
        return new PacketRecord(number, ip, sourcePort, destinationPort, tcp, frameLength, sentNanos, NO_TIME,
                sentNanos, Fate.LOST);
    }

    /** Records the arrival of a simulated packet. */
    public void arrived(long nanos) {
        if (fate == Fate.CAPTURED) {
            throw new IllegalStateException("a captured packet has no separate arrival");
        }
        arrivedNanos = Math.max(nanos, sentNanos);
        fate = Fate.DELIVERED;
    }

    /**
     * Sets estimated send and arrival times of a captured packet: {@code sent} at its sender, {@code arrived} at
     * its receiver (the capture time lies between them).
     */
    public void estimateTimes(long sent, long arrived) {
        if (fate != Fate.CAPTURED) {
            throw new IllegalStateException("only captured packets have estimated times");
        }
        sentNanos = Math.min(sent, arrived);
        arrivedNanos = Math.max(sent, arrived);
    }

    /** The packet's number: the frame number in a capture, the send order in a simulation. */
    public int number() {
        return number;
    }

    /** The IPv4 header facts. */
    public IpHeader ip() {
        return ip;
    }

    /** Source port (0 for a protocol without ports or a non-first fragment). */
    public int sourcePort() {
        return sourcePort;
    }

    /** Destination port. */
    public int destinationPort() {
        return destinationPort;
    }

    /** The TCP facts, or null when this is not a (first-fragment) TCP segment. */
    public TcpHeader tcp() {
        return tcp;
    }

    /** Whether this is a TCP segment. */
    public boolean isTcp() {
        return tcp != null;
    }

    /** The frame's length on the wire. */
    public int frameLength() {
        return frameLength;
    }

    /** Send time (exact in simulation; for a capture the capture time or an estimate). */
    public long sentNanos() {
        return sentNanos;
    }

    /** Arrival time, or {@link #NO_TIME} for a lost packet. */
    public long arrivedNanos() {
        return arrivedNanos;
    }

    /** Capture time (for simulated packets, the send time). */
    public long capturedNanos() {
        return capturedNanos;
    }

    /** What became of it. */
    public Fate fate() {
        return fate;
    }

    /**
     * Where the packet's sending falls among everything the source saw at the same instant (events included): a
     * tie-breaker for equal times. The frame number for captures; a run-wide sequence in simulations.
     */
    public long order() {
        return order;
    }

    /** Sets the tie-breaking order. */
    public void order(long value) {
        order = value;
    }

    /** The side (0 or 1) of its conversation that sent it, or -1 before it is assigned. */
    public int side() {
        return side;
    }

    /** Assigns the sending side. */
    public void side(int value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("side must be 0 or 1: " + value);
        }
        side = value;
    }

    /** What the analysis found (modifiable by the analyser). */
    public Set<Finding> findings() {
        return findings;
    }

    /** Which duplicate ACK this is (1, 2, ...) when {@link Finding#DUP_ACK} is found, else 0. */
    public int dupAckNumber() {
        return dupAckNumber;
    }

    /** Sets the duplicate-ACK number. */
    public void dupAckNumber(int n) {
        dupAckNumber = n;
    }

    /** Why the stack retransmitted this (simulation), or null when it is not a retransmission or unknown. */
    public RetransmitCause cause() {
        return cause;
    }

    /** Sets the retransmission cause. */
    public void cause(RetransmitCause value) {
        cause = value;
    }

    /** SEG.SEQ relative to the sender's ISN (or first sequence seen), or -1 before analysis. */
    public long relativeSequence() {
        return relativeSequence;
    }

    /** SEG.ACK relative to the peer's ISN, or -1 when there is no ACK or before analysis. */
    public long relativeAcknowledgment() {
        return relativeAcknowledgment;
    }

    /** The advertised window after scaling (RFC 7323 §2.3), or -1 before analysis. */
    public long scaledWindow() {
        return scaledWindow;
    }

    /** Sets the relative numbers and the scaled window (the analyser does). */
    public void relative(long sequence, long acknowledgment, long window) {
        relativeSequence = sequence;
        relativeAcknowledgment = acknowledgment;
        scaledWindow = window;
    }

    /**
     * Whether the retransmission cause is known exactly (a simulated packet, or a captured one whose sender logged
     * its events: {@link #cause()} tells).
     */
    public boolean exactKnown() {
        return fate != Fate.CAPTURED || exactSender;
    }

    /** Marks a captured packet whose sender's event log says exactly which packets are retransmissions. */
    public void exactSender(boolean value) {
        exactSender = value;
    }

    /** Whether any retransmission finding or cause applies. */
    public boolean isRetransmission() {
        return cause != null || findings.contains(Finding.RETRANSMISSION);
    }

    @Override
    public String toString() {
        return "#" + number + " " + new Endpoint(ip.source(), sourcePort) + " > "
                + new Endpoint(ip.destination(), destinationPort) + " " + (tcp == null ? "proto " + ip.protocol() : tcp)
                + " " + fate + (findings.isEmpty() ? "" : " " + findings);
    }
}
