package org.margay.packetdrill.script;

/**
 * One line of a script: when it happens and what it is.
 *
 * @param line the 1-based line the event starts on
 * @param time when (absolute, relative, a range, a blocking call's span or any time)
 * @param body a packet, a system call, a shell command or a code block
 */
public record Event(int line, EventTime time, EventBody body) {
}
