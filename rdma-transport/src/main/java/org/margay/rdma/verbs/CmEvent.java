package org.margay.rdma.verbs;

/**
 * One connection manager event ({@code struct rdma_cm_event}), copied out of the library and acknowledged, so the
 * holder can be kept. Filled by {@link ConnectionManager#nextEvent}; control path.
 */
public final class CmEvent {
    private CmEventType type;
    private CmId id;
    private CmId listenId;
    private int status;
    private byte[] privateData = new byte[0];
    private AhAttributes udPath;
    private int udQpNum;
    private int udQkey;

    /** Fills every field; for {@link ConnectionManager} implementations. */
    public void set(CmEventType type, CmId id, CmId listenId, int status, byte[] privateData) {
        this.type = type;
        this.id = id;
        this.listenId = listenId;
        this.status = status;
        this.privateData = privateData == null ? new byte[0] : privateData;
        this.udPath = null;
        this.udQpNum = 0;
        this.udQkey = 0;
    }

    /** Sets the UD parameters of an ESTABLISHED event on a UDP-port-space id (the SIDR reply). */
    public void ud(AhAttributes path, int qpNum, int qkey) {
        this.udPath = path;
        this.udQpNum = qpNum;
        this.udQkey = qkey;
    }

    public CmEventType type() {
        return type;
    }

    /** The id the event is about (a new id for CONNECT_REQUEST). */
    public CmId id() {
        return id;
    }

    /** The listening id of a CONNECT_REQUEST, else null. */
    public CmId listenId() {
        return listenId;
    }

    /** The event's status: 0, a negated errno, or for REJECTED the reject reason. */
    public int status() {
        return status;
    }

    /** The peer's private data (connect request, accept, reject), possibly empty. */
    public byte[] privateData() {
        return privateData;
    }

    /** The path to the peer's UD queue pair (ESTABLISHED on a UDP id), else null. */
    public AhAttributes udPath() {
        return udPath;
    }

    public int udQpNum() {
        return udQpNum;
    }

    public int udQkey() {
        return udQkey;
    }

    @Override
    public String toString() {
        return "CmEvent[" + type + " status=" + status + "]";
    }
}
