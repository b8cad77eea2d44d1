package org.margay.packetdrill.run;

import java.util.ArrayList;
import java.util.List;

/**
 * What a backquoted shell line of a script does, as far as the runner can tell without a shell: include the
 * profile's defaults file, set sysctl knobs ({@code sysctl [-q|-w] name=value}, {@code set_sysctls.py
 * /proc/sys/...=value}), or something harmless for an in-process stack (flushing Linux's TCP metrics, installing a
 * qdisc, restoring sysctls), or FreeBSD's sockstat pipeline counting the script's sockets in one state (checked).
 * Anything else is not interpreted, and the script is unsupported.
 */
final class ShellCommand {
    /** One recognised action. */
    sealed interface Action {
    }

    /** Include of a {@code defaults.sh}: the profile's defaults (already in the base configuration). */
    record Defaults(String path) implements Action {
    }

    /** {@code name=value}, name in dotted sysctl form. */
    record Sysctl(String name, String value) implements Action {
    }

    /** A command with nothing to do in-process. */
    record NoOp(String why) implements Action {
    }

    /**
     * FreeBSD's {@code sockstat -4 -P tcp -s | grep NAME | grep -c STATE | grep N}: the script's process holds
     * exactly {@code expected} TCP sockets in {@code state} (sockstat's state names, e.g. TIME_WAIT).
     */
    record SocketStateCount(String state, long expected) implements Action {
    }

    /** A command the runner does not interpret. */
    record Unknown(String text) implements Action {
    }

    private ShellCommand() {
    }

    /** The actions of a backquoted command's text, in order. */
    static List<Action> parse(String text) {
        List<Action> out = new ArrayList<>();
        String joined = text.replace("\\\n", " ");
        for (String line : joined.split("\n|;|&&")) {
            List<String> words = words(line);
            if (words.isEmpty()) {
                continue;
            }
            String cmd = words.get(0);
            SocketStateCount count = cmd.equals("sockstat") ? sockstatCount(line) : null;
            if (count != null) {
                out.add(count);
            } else if (cmd.endsWith("defaults.sh")) {
                out.add(new Defaults(cmd));
            } else if (cmd.equals("sysctl")) {
                for (String w : words.subList(1, words.size())) {
                    if (w.startsWith("-")) {
                        continue;
                    }
                    int eq = w.indexOf('=');
                    if (eq < 0) {
                        out.add(new NoOp("sysctl read of " + w));
                    } else {
                        out.add(new Sysctl(w.substring(0, eq).strip(), w.substring(eq + 1)));
                    }
                }
            } else if (cmd.endsWith("set_sysctls.py")) {
                for (String w : words.subList(1, words.size())) {
                    int eq = w.indexOf('=');
                    if (eq < 0 || !w.startsWith("/proc/sys/")) {
                        out.add(new Unknown(line.strip()));
                        continue;
                    }
                    out.add(new Sysctl(w.substring("/proc/sys/".length(), eq).replace('/', '.'), w.substring(eq + 1)));
                }
            } else if (cmd.startsWith("/tmp/sysctl_restore")) {
                out.add(new NoOp("sysctl restore after the test"));
            } else if (cmd.equals("ip") && words.size() > 1 && words.get(1).equals("tcp_metrics")) {
                out.add(new NoOp("Margay keeps no TCP metrics cache"));
            } else if (cmd.equals("tc")) {
                out.add(new NoOp("no queueing discipline in front of an in-process stack"));
            } else {
                out.add(new Unknown(line.strip()));
            }
        }
        return out;
    }

    /**
     * The one sockstat pipeline the FreeBSD suite uses, or null for any other: TCP sockets ({@code -P tcp}) of the
     * test process ({@code grep NAME}), counted in one state ({@code grep -c STATE}), the count compared
     * ({@code grep N}).
     */
    static SocketStateCount sockstatCount(String line) {
        String[] stages = line.split("\\|");
        if (stages.length != 4 || !words(stages[0]).contains("tcp")) {
            return null;
        }
        List<String> name = words(stages[1]);
        List<String> count = words(stages[2]);
        List<String> compare = words(stages[3]);
        if (name.size() != 2 || !name.get(0).equals("grep") || count.size() != 3 || !count.get(0).equals("grep")
                || !count.get(1).equals("-c") || compare.size() != 2 || !compare.get(0).equals("grep")
                || !compare.get(1).matches("\\d{1,6}")) {
            return null;
        }
        return new SocketStateCount(count.get(2), Long.parseLong(compare.get(1)));
    }

    /** Shell-like word splitting with single and double quotes (no expansion); redirections are dropped. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        words.removeIf(s -> s.startsWith(">") || s.startsWith("2>") || s.equals("&1"));
        return words;
    }
}
