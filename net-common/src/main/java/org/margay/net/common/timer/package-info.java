/**
 * Protocol timers: {@link org.margay.net.common.timer.TimingWheel}, a hierarchical timing wheel with O(1)
 * schedule, cancel and reschedule, made for the many timers of a stack that are re-armed or cancelled far
 * more often than they fire (TCP retransmission, delayed ACK and keepalive, TIME_WAIT, ARP ageing).
 *
 * <p>Timers are numbers, not objects: a timer is an id plus a {@code long} payload the owner chooses (a
 * connection index and a timer kind, say), and expiry calls one
 * {@link org.margay.net.common.timer.TimerHandler} with both. The wheel reads no clock; its owner passes the
 * time in, so it runs on virtual time as readily as on the machine's.
 */
package org.margay.net.common.timer;
