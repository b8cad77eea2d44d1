package org.margay.rdma.verbs.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libibverbs functions the binding calls, and the shim's wrappers of the inline ones, as static methods over
 * {@code static final} downcall handles (a handle held in a field costs several nanoseconds more per call). Calls
 * that report failure through {@code errno} capture it into a caller-supplied state segment ({@link #ERRNO}).
 * The data-path calls ({@code post_send}, {@code post_recv}, {@code poll_cq}) are linked {@code critical}: they never
 * block and never call back. Every method here assumes {@link RdmaLibraries#available()}.
 */
final class Ibv {
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** The layout of the captured call state. */
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    private static final MethodHandle GET_DEVICE_LIST = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_get_device_list",
            FunctionDescriptor.of(ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle FREE_DEVICE_LIST = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_free_device_list",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle GET_DEVICE_NAME = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_get_device_name",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle OPEN_DEVICE = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_open_device",
            FunctionDescriptor.of(ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE_DEVICE = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_close_device",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle QUERY_DEVICE = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_query_device",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle QUERY_GID = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_query_gid",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, ADDRESS));
    private static final MethodHandle ALLOC_PD = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_alloc_pd",
            FunctionDescriptor.of(ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle DEALLOC_PD = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_dealloc_pd",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle REG_MR = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_reg_mr",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle DEREG_MR = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_dereg_mr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_CQ = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_create_cq",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle DESTROY_CQ = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_destroy_cq",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_QP = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_create_qp",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle MODIFY_QP = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_modify_qp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle DESTROY_QP = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_destroy_qp",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CREATE_AH = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_create_ah",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle DESTROY_AH = RdmaLibraries.handle(RdmaLibraries.VERBS, "ibv_destroy_ah",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static final MethodHandle POST_SEND = RdmaLibraries.handle(RdmaLibraries.SHIM, "margay_ibv_post_send",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), CRITICAL);
    private static final MethodHandle POST_RECV = RdmaLibraries.handle(RdmaLibraries.SHIM, "margay_ibv_post_recv",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), CRITICAL);
    private static final MethodHandle POLL_CQ = RdmaLibraries.handle(RdmaLibraries.SHIM, "margay_ibv_poll_cq",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CRITICAL);
    private static final MethodHandle QUERY_PORT = RdmaLibraries.handle(RdmaLibraries.SHIM, "margay_ibv_query_port",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle SHIM_VERSION = RdmaLibraries.handle(RdmaLibraries.SHIM, "margay_rdma_shim_version",
            FunctionDescriptor.of(JAVA_INT));

    private Ibv() {
    }

    /** The errno captured in {@code state} by the last capturing call. */
    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static MemorySegment getDeviceList(MemorySegment state, MemorySegment num) {
        try {
            return (MemorySegment) GET_DEVICE_LIST.invokeExact(state, num);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void freeDeviceList(MemorySegment list) {
        try {
            FREE_DEVICE_LIST.invokeExact(list);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String deviceName(MemorySegment device) {
        try {
            MemorySegment name = (MemorySegment) GET_DEVICE_NAME.invokeExact(device);
            return name.equals(MemorySegment.NULL) ? "?" : name.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment openDevice(MemorySegment state, MemorySegment device) {
        try {
            return (MemorySegment) OPEN_DEVICE.invokeExact(state, device);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int closeDevice(MemorySegment context) {
        try {
            return (int) CLOSE_DEVICE.invokeExact(context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int queryDevice(MemorySegment context, MemorySegment attr) {
        try {
            return (int) QUERY_DEVICE.invokeExact(context, attr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int queryPort(MemorySegment context, int port, MemorySegment attr) {
        try {
            return (int) QUERY_PORT.invokeExact(context, port, attr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int queryGid(MemorySegment context, int port, int index, MemorySegment gid) {
        try {
            return (int) QUERY_GID.invokeExact(context, (byte) port, index, gid);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment allocPd(MemorySegment state, MemorySegment context) {
        try {
            return (MemorySegment) ALLOC_PD.invokeExact(state, context);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int deallocPd(MemorySegment pd) {
        try {
            return (int) DEALLOC_PD.invokeExact(pd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment regMr(MemorySegment state, MemorySegment pd, MemorySegment address, long length, int access) {
        try {
            return (MemorySegment) REG_MR.invokeExact(state, pd, address, length, access);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int deregMr(MemorySegment mr) {
        try {
            return (int) DEREG_MR.invokeExact(mr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment createCq(MemorySegment state, MemorySegment context, int entries) {
        try {
            return (MemorySegment) CREATE_CQ.invokeExact(state, context, entries, MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int destroyCq(MemorySegment cq) {
        try {
            return (int) DESTROY_CQ.invokeExact(cq);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment createQp(MemorySegment state, MemorySegment pd, MemorySegment init) {
        try {
            return (MemorySegment) CREATE_QP.invokeExact(state, pd, init);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int modifyQp(MemorySegment qp, MemorySegment attr, int mask) {
        try {
            return (int) MODIFY_QP.invokeExact(qp, attr, mask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int destroyQp(MemorySegment qp) {
        try {
            return (int) DESTROY_QP.invokeExact(qp);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment createAh(MemorySegment state, MemorySegment pd, MemorySegment attr) {
        try {
            return (MemorySegment) CREATE_AH.invokeExact(state, pd, attr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int destroyAh(MemorySegment ah) {
        try {
            return (int) DESTROY_AH.invokeExact(ah);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int postSend(MemorySegment qp, MemorySegment wr, MemorySegment badWr) {
        try {
            return (int) POST_SEND.invokeExact(qp, wr, badWr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int postRecv(MemorySegment qp, MemorySegment wr, MemorySegment badWr) {
        try {
            return (int) POST_RECV.invokeExact(qp, wr, badWr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int pollCq(MemorySegment cq, int entries, MemorySegment wc) {
        try {
            return (int) POLL_CQ.invokeExact(cq, entries, wc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The shim's version, or -1 when the shim has no version symbol (a stale build). */
    static int shimVersion() {
        if (SHIM_VERSION == null) {
            return -1;
        }
        try {
            return (int) SHIM_VERSION.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }
}
