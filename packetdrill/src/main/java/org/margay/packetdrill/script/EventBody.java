package org.margay.packetdrill.script;

import java.util.List;

/** What an event is: a packet, a system call, a shell command or an embedded code block. */
public sealed interface EventBody {

    /** Which way a packet goes, seen from the stack under test. */
    enum Direction {
        /** {@code <}: the script injects it into the stack. */
        INBOUND,
        /** {@code >}: the stack must send it. */
        OUTBOUND
    }

    /** A packet line. */
    record Packet(Direction direction, PacketSpec spec) implements EventBody {
    }

    /**
     * A system call line {@code name(args) = result [ERRNO [(text)]]}.
     *
     * @param name   the call's name
     * @param args   its arguments
     * @param result the expected return value (usually a number; {@code ...} accepts anything)
     * @param errno  the expected errno name, or null
     */
    record Syscall(String name, List<Expr> args, Expr result, String errno) implements EventBody {
        public Syscall {
            args = List.copyOf(args);
        }
    }

    /** A backquoted shell command, its raw text. */
    record Command(String text) implements EventBody {
    }

    /** A {@code %{ }%} block, its raw text. */
    record Code(String text) implements EventBody {
    }
}
