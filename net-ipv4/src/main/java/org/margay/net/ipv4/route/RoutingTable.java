package org.margay.net.ipv4.route;

import java.util.Arrays;
import org.margay.net.common.Ipv4Address;

/**
 * The routes of one host interface (RFC 1122 §3.3.1): connected prefixes (destinations on the link), static
 * routes through gateways, and a default gateway ({@code 0.0.0.0/0}). {@link #lookup(int)} applies
 * longest-prefix match (RFC 1812 §5.2.4.3); among equal prefixes the lower metric, then the earlier route,
 * wins.
 *
 * <p>What must stay true: routes are kept sorted by prefix length (longest first), then metric, so a lookup is
 * one scan that stops at the first match and allocates nothing. Changing routes is the cold path.
 * Single-threaded.
 */
public final class RoutingTable {
    /** {@link #lookup(int)}'s answer when no route matches. */
    public static final int NO_ROUTE = -1;
    /** The gateway value of a connected route: the destination itself is the next hop. */
    public static final int ON_LINK = 0;

    private int[] prefixes = new int[8];
    private int[] lengths = new int[8];
    private int[] masks = new int[8];
    private int[] gateways = new int[8];
    private int[] metrics = new int[8];
    private int count;

    /** An empty table. */
    public RoutingTable() {
    }

    /** Adds the connected route for {@code address/prefixLength} (the subnet of one of our own addresses). */
    public void addConnected(int address, int prefixLength) {
        add(address, prefixLength, ON_LINK, 0);
    }

    /** Adds a route to {@code prefix/prefixLength} through {@code gateway} ({@link #ON_LINK} for on-link). */
    public void add(int prefix, int prefixLength, int gateway, int metric) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be in 0..32, was " + prefixLength);
        }
        if (metric < 0) {
            throw new IllegalArgumentException("metric must not be negative, was " + metric);
        }
        if (count == prefixes.length) {
            int n = count * 2;
            prefixes = Arrays.copyOf(prefixes, n);
            lengths = Arrays.copyOf(lengths, n);
            masks = Arrays.copyOf(masks, n);
            gateways = Arrays.copyOf(gateways, n);
            metrics = Arrays.copyOf(metrics, n);
        }
        int mask = Ipv4Address.netmask(prefixLength);
        int at = count;
        while (at > 0 && (lengths[at - 1] < prefixLength
                || lengths[at - 1] == prefixLength && metrics[at - 1] > metric)) {
            prefixes[at] = prefixes[at - 1];
            lengths[at] = lengths[at - 1];
            masks[at] = masks[at - 1];
            gateways[at] = gateways[at - 1];
            metrics[at] = metrics[at - 1];
            at--;
        }
        prefixes[at] = prefix & mask;
        lengths[at] = prefixLength;
        masks[at] = mask;
        gateways[at] = gateway;
        metrics[at] = metric;
        count++;
    }

    /** Sets the default route ({@code 0.0.0.0/0}) through {@code gateway}, replacing an earlier one. */
    public void setDefaultGateway(int gateway) {
        remove(0, 0);
        add(0, 0, gateway, 0);
    }

    /** Removes every route to exactly {@code prefix/prefixLength}; returns how many went. */
    public int remove(int prefix, int prefixLength) {
        int mask = Ipv4Address.netmask(prefixLength);
        int kept = 0;
        int removed = 0;
        for (int i = 0; i < count; i++) {
            if (lengths[i] == prefixLength && prefixes[i] == (prefix & mask)) {
                removed++;
                continue;
            }
            prefixes[kept] = prefixes[i];
            lengths[kept] = lengths[i];
            masks[kept] = masks[i];
            gateways[kept] = gateways[i];
            metrics[kept] = metrics[i];
            kept++;
        }
        count = kept;
        return removed;
    }

    /** The index of the best route to {@code destination}, or {@link #NO_ROUTE}. Allocates nothing. */
    public int lookup(int destination) {
        for (int i = 0; i < count; i++) {
            if ((destination & masks[i]) == prefixes[i]) {
                return i;
            }
        }
        return NO_ROUTE;
    }

    /**
     * The next hop for {@code destination}: the route's gateway, or {@code destination} itself for an on-link
     * route; {@link Ipv4Address#ANY} (0) when no route matches.
     */
    public int nextHop(int destination) {
        int route = lookup(destination);
        if (route == NO_ROUTE) {
            return Ipv4Address.ANY;
        }
        int gateway = gateways[route];
        return gateway == ON_LINK ? destination : gateway;
    }

    /** Whether {@code destination} is on a connected prefix (no gateway needed). */
    public boolean isOnLink(int destination) {
        int route = lookup(destination);
        return route != NO_ROUTE && gateways[route] == ON_LINK;
    }

    /** Routes in the table. */
    public int size() {
        return count;
    }

    /** Route {@code i}'s prefix (in lookup order). */
    public int prefix(int i) {
        return prefixes[checkIndex(i)];
    }

    /** Route {@code i}'s prefix length. */
    public int prefixLength(int i) {
        return lengths[checkIndex(i)];
    }

    /** Route {@code i}'s gateway ({@link #ON_LINK} for a connected route). */
    public int gateway(int i) {
        return gateways[checkIndex(i)];
    }

    /** Route {@code i}'s metric. */
    public int metric(int i) {
        return metrics[checkIndex(i)];
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("route " + i + " outside 0.." + count);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RoutingTable[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(Ipv4Address.format(prefixes[i])).append('/').append(lengths[i]).append(" via ")
                    .append(gateways[i] == ON_LINK ? "link" : Ipv4Address.format(gateways[i]));
        }
        return text.append(']').toString();
    }
}
