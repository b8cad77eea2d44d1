package org.margay.pdpix.inet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP ports {@code bind} gave to this library OS's STREAM queues, so two queues do not bind one port by
 * mistake. Two queues may share a port only when both set {@code SO_REUSEADDR}; the engine's listen still
 * refuses a second listener on one port. Connections in TIME-WAIT never block a bind here: the engine keeps
 * them apart from listeners (Linux needs SO_REUSEADDR for that; here it is always allowed). Ephemeral ports
 * for {@code bind(port 0)} come from the RFC 6335 §6 range. Cold path.
 */
final class TcpPortTable {
    private static final int FIRST = 49152;
    private static final int LAST = 65535;

    private final Map<Integer, List<Holder>> holders = new HashMap<>();
    private int next = FIRST;

    private record Holder(Object queue, boolean reuse) {
    }

    /** Gives {@code port} to {@code queue}; false when another queue holds it without both reusing. */
    boolean bind(int port, Object queue, boolean reuse) {
        List<Holder> list = holders.computeIfAbsent(port, p -> new ArrayList<>());
        for (Holder h : list) {
            if (!(reuse && h.reuse())) {
                return false;
            }
        }
        list.add(new Holder(queue, reuse));
        return true;
    }

    /** Updates the SO_REUSEADDR flag of {@code queue} on {@code port}. */
    void reuse(int port, Object queue, boolean reuse) {
        List<Holder> list = holders.get(port);
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).queue() == queue) {
                list.set(i, new Holder(queue, reuse));
            }
        }
    }

    /** {@code queue} gives {@code port} back. */
    void release(int port, Object queue) {
        List<Holder> list = holders.get(port);
        if (list == null) {
            return;
        }
        list.removeIf(h -> h.queue() == queue);
        if (list.isEmpty()) {
            holders.remove(port);
        }
    }

    /** A free ephemeral port, or -1 when every one is held. */
    int ephemeral() {
        int span = LAST - FIRST + 1;
        for (int i = 0; i < span; i++) {
            int port = next;
            next = next == LAST ? FIRST : next + 1;
            if (!holders.containsKey(port)) {
                return port;
            }
        }
        return -1;
    }
}
