package org.margay.examples.kv;

import java.nio.charset.StandardCharsets;

/**
 * The commands the key-value server understands, with Redis's replies and error texts:
 * <ul>
 *   <li>{@code PING [message]} → {@code +PONG}, or the message as a bulk string;</li>
 *   <li>{@code GET key} → the value, or the null bulk;</li>
 *   <li>{@code SET key value} → {@code +OK} (no options: anything more is a syntax error);</li>
 *   <li>{@code DEL key [key ...]} → how many existed;</li>
 *   <li>{@code QUIT} → {@code +OK}, then the server closes the connection.</li>
 * </ul>
 * Two more answer what redis-cli and redis-benchmark ask before their real work, truthfully for this server:
 * {@code COMMAND ...} gets an empty array (no command documentation to offer) and {@code CONFIG GET save} /
 * {@code CONFIG GET appendonly} get {@code ""} and {@code "no"} (it persists nothing); other parameters get an
 * empty array, as Redis answers for unknown ones. Anything else is {@code -ERR unknown command}.
 */
public final class KvCommands {
    private final KvStore store;

    /** Commands over {@code store}. */
    public KvCommands(KvStore store) {
        this.store = store;
    }

    /** Runs {@code c}, appending its reply to {@code out}; returns true when the connection should close (QUIT). */
    public boolean execute(RespCommand c, RespWriter out) {
        String name = c.name();
        int n = c.size();
        switch (name) {
            case "PING" -> {
                if (n == 1) {
                    out.simple("PONG");
                } else if (n == 2) {
                    out.bulk(c.arg(1));
                } else {
                    wrongArity(out, "ping");
                }
            }
            case "GET" -> {
                if (n != 2) {
                    wrongArity(out, "get");
                } else {
                    byte[] v = store.get(c.arg(1));
                    if (v == null) {
                        out.nullBulk();
                    } else {
                        out.bulk(v);
                    }
                }
            }
            case "SET" -> {
                if (n < 3) {
                    wrongArity(out, "set");
                } else if (n > 3) {
                    out.error("ERR syntax error");
                } else {
                    store.set(c.arg(1), c.arg(2));
                    out.simple("OK");
                }
            }
            case "DEL" -> {
                if (n < 2) {
                    wrongArity(out, "del");
                } else {
                    long deleted = 0;
                    for (int i = 1; i < n; i++) {
                        if (store.delete(c.arg(i))) {
                            deleted++;
                        }
                    }
                    out.integer(deleted);
                }
            }
            case "QUIT" -> {
                out.simple("OK");
                return true;
            }
            case "COMMAND" -> out.array(0);
            case "CONFIG" -> config(c, out);
            default -> out.error("ERR unknown command '" + printable(c.arg(0)) + "'");
        }
        return false;
    }

    private static void config(RespCommand c, RespWriter out) {
        if (c.size() != 3 || !"GET".equalsIgnoreCase(new String(c.arg(1), StandardCharsets.ISO_8859_1))) {
            out.error("ERR unsupported CONFIG subcommand (this server knows only CONFIG GET)");
            return;
        }
        String parameter = new String(c.arg(2), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        switch (parameter) {
            case "save" -> out.array(2).bulk("save").bulk("");
            case "appendonly" -> out.array(2).bulk("appendonly").bulk("no");
            default -> out.array(0);
        }
    }

    private static void wrongArity(RespWriter out, String command) {
        out.error("ERR wrong number of arguments for '" + command + "' command");
    }

    /** At most 64 characters of {@code word}, non-printable bytes as '?', for error texts. */
    private static String printable(byte[] word) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < word.length && i < 64; i++) {
            int b = word[i] & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return sb.toString();
    }
}
