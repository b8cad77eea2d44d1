package org.margay.packetdrill.script;

import java.util.List;

/** One TCP option of a packet line, as written between {@code <} and {@code >}. */
public sealed interface TcpOption {

    /** The option as packetdrill writes it, for messages. */
    String describe();

    /** {@code nop}. */
    record Nop() implements TcpOption {
        public String describe() {
            return "nop";
        }
    }

    /** {@code eol}. */
    record Eol() implements TcpOption {
        public String describe() {
            return "eol";
        }
    }

    /** {@code mss N}. */
    record Mss(int value) implements TcpOption {
        public String describe() {
            return "mss " + value;
        }
    }

    /** {@code wscale N}. */
    record WindowScale(int shift) implements TcpOption {
        public String describe() {
            return "wscale " + shift;
        }
    }

    /** {@code sackOK}. */
    record SackPermitted() implements TcpOption {
        public String describe() {
            return "sackOK";
        }
    }

    /** {@code TS val V ecr E}. */
    record Timestamp(long value, long echoReply) implements TcpOption {
        public String describe() {
            return "TS val " + value + " ecr " + echoReply;
        }
    }

    /** {@code sack L:R L:R ...}: the blocks in order, each {@code {left, right}}. */
    record Sack(List<long[]> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
        }

        public String describe() {
            StringBuilder b = new StringBuilder("sack");
            for (long[] block : blocks) {
                b.append(' ').append(block[0]).append(':').append(block[1]);
            }
            return b.toString();
        }
    }

    /** An option the runner does not model (TCP Fast Open, MD5, experimental...): the script is unsupported. */
    record Unmodelled(String name) implements TcpOption {
        public String describe() {
            return name;
        }
    }
}
