package org.margay.examples.kv;

import java.util.List;

/**
 * The key-value exchange the demo and the portability test run: a few commands of every kind, with the replies a
 * correct server gives, printed as redis-cli prints them ({@link RespValue#toString()}).
 */
public final class KvScript {
    /** The commands, in order. */
    public static final List<String[]> COMMANDS = List.of(
            new String[] {"PING"},
            new String[] {"SET", "greeting", "hello from PDPIX"},
            new String[] {"GET", "greeting"},
            new String[] {"GET", "missing"},
            new String[] {"SET", "counter", "1"},
            new String[] {"DEL", "greeting", "counter", "missing"},
            new String[] {"GET", "greeting"},
            new String[] {"PING", "bye"},
            new String[] {"INCR", "counter"});

    /** The replies a correct server gives to {@link #COMMANDS}. */
    public static final List<String> REPLIES = List.of(
            "PONG",
            "OK",
            "\"hello from PDPIX\"",
            "(nil)",
            "OK",
            "(integer) 2",
            "(nil)",
            "\"bye\"",
            "(error) ERR unknown command 'INCR'");

    private KvScript() {
    }

    /** The replies as text, for comparing with {@link #REPLIES}. */
    public static List<String> texts(List<RespValue> replies) {
        return replies.stream().map(RespValue::toString).toList();
    }
}
