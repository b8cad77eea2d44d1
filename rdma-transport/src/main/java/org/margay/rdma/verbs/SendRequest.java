package org.margay.rdma.verbs;

/**
 * One send work request ({@code struct ibv_send_wr} with its {@code ibv_sge} list), as a reusable holder: the
 * caller fills it and passes it to {@link Verbs#postSend}, which copies what it needs, so the same object serves
 * every post. Allocation-free.
 *
 * <p>Fields by opcode: SEND/SEND_WITH_IMM use the gather list (and {@link #imm}); RDMA WRITE and READ use it plus
 * {@link #remoteAddress}/{@link #rkey}; on a UD queue pair {@link #ah}, {@link #remoteQpn} and
 * {@link #remoteQkey} name the destination.
 */
public final class SendRequest {
    /** The most gather entries a request can carry here. */
    public static final int MAX_SGE = 32;

    private long wrId;
    private int opcode = VerbsConstants.WR_SEND;
    private int flags;
    private int imm;
    private int numSge;
    private final long[] sgeAddress = new long[MAX_SGE];
    private final int[] sgeLength = new int[MAX_SGE];
    private final int[] sgeLkey = new int[MAX_SGE];
    private long remoteAddress;
    private int rkey;
    private AddressHandle ah;
    private int remoteQpn;
    private int remoteQkey;

    /** Empties the request (SEND, no flags, no entries, no destination). */
    public SendRequest clear() {
        wrId = 0;
        opcode = VerbsConstants.WR_SEND;
        flags = 0;
        imm = 0;
        numSge = 0;
        remoteAddress = 0;
        rkey = 0;
        ah = null;
        remoteQpn = 0;
        remoteQkey = 0;
        return this;
    }

    /** Sets the id the completion will carry, the opcode ({@code IBV_WR_*}) and the flags ({@code IBV_SEND_*}). */
    public SendRequest set(long wrId, int opcode, int flags) {
        this.wrId = wrId;
        this.opcode = opcode;
        this.flags = flags;
        return this;
    }

    /** Sets the immediate data (host order; the FFM binding stores it big-endian as rdma-core's {@code __be32}). */
    public SendRequest imm(int value) {
        imm = value;
        return this;
    }

    /**
     * Appends a gather entry; returns false (and adds nothing) when {@link #MAX_SGE} entries are already there.
     */
    public boolean addSge(long address, int length, int lkey) {
        if (numSge == MAX_SGE) {
            return false;
        }
        sgeAddress[numSge] = address;
        sgeLength[numSge] = length;
        sgeLkey[numSge] = lkey;
        numSge++;
        return true;
    }

    /** Sets the remote side of an RDMA WRITE or READ. */
    public SendRequest remote(long address, int key) {
        remoteAddress = address;
        rkey = key;
        return this;
    }

    /** Sets the destination of a UD send. */
    public SendRequest ud(AddressHandle handle, int qpn, int qkey) {
        ah = handle;
        remoteQpn = qpn;
        remoteQkey = qkey;
        return this;
    }

    public long wrId() {
        return wrId;
    }

    public int opcode() {
        return opcode;
    }

    public int flags() {
        return flags;
    }

    public int imm() {
        return imm;
    }

    public int numSge() {
        return numSge;
    }

    public long sgeAddress(int i) {
        return sgeAddress[i];
    }

    public int sgeLength(int i) {
        return sgeLength[i];
    }

    public int sgeLkey(int i) {
        return sgeLkey[i];
    }

    /** The sum of the gather entries' lengths. */
    public long totalLength() {
        long total = 0;
        for (int i = 0; i < numSge; i++) {
            total += sgeLength[i];
        }
        return total;
    }

    public long remoteAddress() {
        return remoteAddress;
    }

    public int rkey() {
        return rkey;
    }

    public AddressHandle ah() {
        return ah;
    }

    public int remoteQpn() {
        return remoteQpn;
    }

    public int remoteQkey() {
        return remoteQkey;
    }
}
