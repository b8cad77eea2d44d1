package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The librdmacm functions the binding calls (and libc's {@code fcntl}, to make the event channel non-blocking), as
 * static methods over {@code static final} downcall handles. The functions that return -1 capture {@code errno}
 * into a caller-supplied state segment (read with {@link Ibv#errno}). Control path only.
 */
final class RdmaCm {
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle CREATE_EVENT_CHANNEL = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_create_event_channel",
            FunctionDescriptor.of(ADDRESS), ERRNO);
    private static final MethodHandle DESTROY_EVENT_CHANNEL = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_destroy_event_channel",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle GET_DEVICES = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_get_devices",
            FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle FREE_DEVICES = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_free_devices",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle CREATE_ID = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_create_id",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle SET_OPTION = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_set_option",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);
    private static final MethodHandle BIND_ADDR = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_bind_addr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle LISTEN = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_listen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle RESOLVE_ADDR = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_resolve_addr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle RESOLVE_ROUTE = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_resolve_route",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle CREATE_QP = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_create_qp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle DESTROY_QP = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_destroy_qp",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle CONNECT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_connect",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle ACCEPT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_accept",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle REJECT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_reject",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_BYTE), ERRNO);
    private static final MethodHandle DISCONNECT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_disconnect",
            FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);
    private static final MethodHandle DESTROY_ID = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_destroy_id",
            FunctionDescriptor.of(JAVA_INT, ADDRESS), ERRNO);
    private static final MethodHandle GET_CM_EVENT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_get_cm_event",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), ERRNO);
    private static final MethodHandle ACK_CM_EVENT = RdmaLibraries.handle(RdmaLibraries.CM, "rdma_ack_cm_event",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FCNTL = RdmaLibraries.libc("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), ERRNO);

    private RdmaCm() {
    }

    static MemorySegment createEventChannel(MemorySegment state) {
        try {
            return (MemorySegment) CREATE_EVENT_CHANNEL.invokeExact(state);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static void destroyEventChannel(MemorySegment channel) {
        try {
            DESTROY_EVENT_CHANNEL.invokeExact(channel);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static MemorySegment getDevices(MemorySegment state, MemorySegment num) {
        try {
            return (MemorySegment) GET_DEVICES.invokeExact(state, num);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static void freeDevices(MemorySegment list) {
        try {
            FREE_DEVICES.invokeExact(list);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int createId(MemorySegment state, MemorySegment channel, MemorySegment idOut, int portSpace) {
        try {
            return (int) CREATE_ID.invokeExact(state, channel, idOut, MemorySegment.NULL, portSpace);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int setOption(MemorySegment state, MemorySegment id, int level, int name, MemorySegment value, long length) {
        try {
            return (int) SET_OPTION.invokeExact(state, id, level, name, value, length);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int bindAddr(MemorySegment state, MemorySegment id, MemorySegment address) {
        try {
            return (int) BIND_ADDR.invokeExact(state, id, address);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int listen(MemorySegment state, MemorySegment id, int backlog) {
        try {
            return (int) LISTEN.invokeExact(state, id, backlog);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int resolveAddr(MemorySegment state, MemorySegment id, MemorySegment destination, int timeoutMs) {
        try {
            return (int) RESOLVE_ADDR.invokeExact(state, id, MemorySegment.NULL, destination, timeoutMs);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int resolveRoute(MemorySegment state, MemorySegment id, int timeoutMs) {
        try {
            return (int) RESOLVE_ROUTE.invokeExact(state, id, timeoutMs);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int createQp(MemorySegment state, MemorySegment id, MemorySegment pd, MemorySegment init) {
        try {
            return (int) CREATE_QP.invokeExact(state, id, pd, init);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static void destroyQp(MemorySegment id) {
        try {
            DESTROY_QP.invokeExact(id);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int connect(MemorySegment state, MemorySegment id, MemorySegment param) {
        try {
            return (int) CONNECT.invokeExact(state, id, param);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int accept(MemorySegment state, MemorySegment id, MemorySegment param) {
        try {
            return (int) ACCEPT.invokeExact(state, id, param);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int reject(MemorySegment state, MemorySegment id, MemorySegment data, int length) {
        try {
            return (int) REJECT.invokeExact(state, id, data, (byte) length);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int disconnect(MemorySegment state, MemorySegment id) {
        try {
            return (int) DISCONNECT.invokeExact(state, id);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int destroyId(MemorySegment state, MemorySegment id) {
        try {
            return (int) DESTROY_ID.invokeExact(state, id);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int getCmEvent(MemorySegment state, MemorySegment channel, MemorySegment eventOut) {
        try {
            return (int) GET_CM_EVENT.invokeExact(state, channel, eventOut);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int ackCmEvent(MemorySegment event) {
        try {
            return (int) ACK_CM_EVENT.invokeExact(event);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }

    static int fcntl(MemorySegment state, int fd, int command, int argument) {
        try {
            return (int) FCNTL.invokeExact(state, fd, command, argument);
        } catch (Throwable t) {
            throw Ibv.rethrow(t);
        }
    }
}
