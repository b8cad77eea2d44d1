package org.margay.explain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The life of one conversation between two endpoints: its packets in the order the source saw them, its events,
 * and the quantities sampled over time per side. Side 0 is the endpoint that opened it (sent the first SYN, or
 * the first packet seen); side 1 is the other.
 *
 * <p>What must stay true: every packet's {@link PacketRecord#side()} is 0 or 1 and matches its source endpoint;
 * events are kept in (time, order) order by {@link #events()}.
 */
public final class ConnectionTimeline {
    private final int id;
    private final int protocol;
    private final Endpoint[] ends;
    private final String[] names;
    private final boolean exact;
    private final List<PacketRecord> packets = new ArrayList<>();
    private final List<TimelineEvent> events = new ArrayList<>();
    private final List<Map<Metric, Series>> series = List.of(new EnumMap<>(Metric.class), new EnumMap<>(Metric.class));
    private long originNanos = Long.MIN_VALUE;
    private long handshakeRttNanos = -1;
    private long farOneWayNanos = -1;
    private String vantage = "";
    private String live;
    private long eventOrder;

    /**
     * A conversation numbered {@code id} (from 1) of IP protocol {@code protocol} between {@code opener} and
     * {@code peer}, whose sides are called {@code openerName} and {@code peerName}; {@code exact} when the
     * events come from the stack itself.
     */
    public ConnectionTimeline(int id, int protocol, Endpoint opener, Endpoint peer, String openerName, String peerName,
                              boolean exact) {
        this.id = id;
        this.protocol = protocol;
        this.ends = new Endpoint[] {Objects.requireNonNull(opener), Objects.requireNonNull(peer)};
        this.names = new String[] {Objects.requireNonNull(openerName), Objects.requireNonNull(peerName)};
        this.exact = exact;
    }

    /** The conversation's number, from 1. */
    public int id() {
        return id;
    }

    /** The IP protocol (6 for TCP). */
    public int protocol() {
        return protocol;
    }

    /** Whether this is a TCP connection. */
    public boolean isTcp() {
        return protocol == 6;
    }

    /** The endpoint of side {@code side}. */
    public Endpoint end(int side) {
        return ends[side];
    }

    /** The name of side {@code side} ("client", "server", or an address). */
    public String name(int side) {
        return names[side];
    }

    /** The side whose endpoint is {@code ip:port}, or -1. */
    public int sideOf(int ip, int port) {
        for (int s = 0; s < 2; s++) {
            if (ends[s].ip() == ip && ends[s].port() == port) {
                return s;
            }
        }
        return -1;
    }

    /** Whether the events come from the stack itself (simulation) rather than from passive analysis. */
    public boolean exact() {
        return exact;
    }

    /** Adds a packet sent by {@code side}. */
    public void addPacket(PacketRecord packet, int side) {
        packet.side(side);
        packets.add(packet);
        if (originNanos == Long.MIN_VALUE || packet.sentNanos() < originNanos) {
            originNanos = packet.sentNanos();
        }
    }

    /** The packets, in the order the source saw them. */
    public List<PacketRecord> packets() {
        return packets;
    }

    /** The TCP packets. */
    public List<PacketRecord> tcpPackets() {
        List<PacketRecord> out = new ArrayList<>();
        for (PacketRecord p : packets) {
            if (p.isTcp()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Adds an event; events at the same time keep the order they were added in. */
    public TimelineEvent addEvent(long timeNanos, int side, EventKind kind, String text, int packet) {
        return addEvent(timeNanos, eventOrder++, side, kind, text, packet);
    }

    /**
     * Adds an event with an explicit tie-breaking {@code order} (comparable with {@link PacketRecord#order()}), for
     * sources that merge events from several observers.
     */
    public TimelineEvent addEvent(long timeNanos, long order, int side, EventKind kind, String text, int packet) {
        TimelineEvent e = new TimelineEvent(timeNanos, order, side, kind, text, packet);
        eventOrder = Math.max(eventOrder, order + 1);
        events.add(e);
        if (originNanos == Long.MIN_VALUE || timeNanos < originNanos) {
            originNanos = timeNanos;
        }
        return e;
    }

    /** Replaces every event by {@code change.apply(event)} (to move events once better times are known). */
    public void replaceEvents(java.util.function.UnaryOperator<TimelineEvent> change) {
        events.replaceAll(change);
    }

    /** The events, sorted by time then by the order they were added. */
    public List<TimelineEvent> events() {
        events.sort(Comparator.comparingLong(TimelineEvent::timeNanos).thenComparingLong(TimelineEvent::order));
        return events;
    }

    /** The series of {@code metric} at side {@code side}, created empty on first use. */
    public Series series(Metric metric, int side) {
        boolean measurements = metric == Metric.RTT_SAMPLE;
        return series.get(side).computeIfAbsent(metric, m -> new Series(measurements));
    }

    /** Whether side {@code side} has samples of {@code metric}. */
    public boolean hasSeries(Metric metric, int side) {
        Series s = series.get(side).get(metric);
        return s != null && !s.isEmpty();
    }

    /** Time zero for display: the first packet or event. */
    public long originNanos() {
        return originNanos == Long.MIN_VALUE ? 0 : originNanos;
    }

    /** Sets time zero for display (a simulation uses its start). */
    public void originNanos(long nanos) {
        originNanos = nanos;
    }

    /** The handshake's round-trip time (SYN to the ACK of the SYN-ACK), or -1. */
    public long handshakeRttNanos() {
        return handshakeRttNanos;
    }

    /** Sets the handshake RTT. */
    public void handshakeRttNanos(long nanos) {
        handshakeRttNanos = nanos;
    }

    /**
     * For a capture: the one-way delay between the capture point and the far end, estimated as half the longer
     * leg of the handshake seen there; -1 when unknown.
     */
    public long farOneWayNanos() {
        return farOneWayNanos;
    }

    /** Sets the far one-way delay estimate. */
    public void farOneWayNanos(long nanos) {
        farOneWayNanos = nanos;
    }

    /**
     * For a live capture (a running stack's own capture and event log): which side logged its events, in words;
     * null for simulations and captures from elsewhere.
     */
    public String live() {
        return live;
    }

    /** Marks the timeline as a live capture's, described by {@code text}. */
    public void live(String text) {
        live = Objects.requireNonNull(text);
    }

    /** Where the packets were observed, in words (empty for a simulation, where both ends are seen). */
    public String vantage() {
        return vantage;
    }

    /** Sets the vantage description. */
    public void vantage(String text) {
        vantage = Objects.requireNonNull(text);
    }

    /** "TCP 10.0.0.1:49152 (client) <-> 10.0.0.2:5000 (server)". */
    public String title() {
        String proto = switch (protocol) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMP";
            default -> "IP proto " + protocol;
        };
        return proto + " " + ends[0] + " (" + names[0] + ") <-> " + ends[1] + " (" + names[1] + ")";
    }

    /** The side that sent more payload bytes (ties: side 0). */
    public int mainSender() {
        long[] bytes = new long[2];
        for (PacketRecord p : packets) {
            if (p.isTcp()) {
                bytes[p.side()] += p.tcp().payloadLength();
            }
        }
        return bytes[1] > bytes[0] ? 1 : 0;
    }
}
