package org.margay.packetdrill.run;

/** What one attempt at a system call gave: a result, or "blocked, try again after the stack moves". */
sealed interface Outcome {
    /** Still blocked. */
    Outcome BLOCKED = new Blocked();

    /** A return value, with an errno name when the value is -1. */
    record Done(long value, String errno) implements Outcome {
        static Done ok(long value) {
            return new Done(value, null);
        }

        static Done error(String errno) {
            return new Done(-1, errno);
        }

        String describe() {
            return errno == null ? Long.toString(value) : value + " " + errno;
        }
    }

    /** The call would block. */
    record Blocked() implements Outcome {
    }
}
