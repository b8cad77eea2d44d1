package org.margay.net.common;

/**
 * The answer of a wire view's {@code check()}: either {@link #OK} or the first specific problem found.
 *
 * <p>Invariant: a status other than {@code OK} means no accessor of the view may be trusted beyond what the
 * status itself implies (for example, {@link #BAD_CHECKSUM} still leaves every field readable). The constants
 * are shared by all protocols so that counters and drop reasons read the same everywhere.
 */
public enum WireStatus {
    /** Every check passed. */
    OK("ok", true),
    /** Fewer bytes than the fixed header, or than a length field claims. */
    TRUNCATED("truncated", false),
    /** A version field this decoder does not handle (IPv4: version != 4). */
    BAD_VERSION("bad version", false),
    /** A header-length field smaller than the minimum header or larger than the data. */
    BAD_HEADER_LENGTH("bad header length", false),
    /** A total-length field smaller than the header or larger than the data. */
    BAD_TOTAL_LENGTH("bad total length", false),
    /** A length field of a transport header (UDP length) that does not fit. */
    BAD_LENGTH("bad length", false),
    /** The checksum does not verify; every field stays readable. */
    BAD_CHECKSUM("bad checksum", true),
    /** An option whose length is invalid or overruns the header. */
    BAD_OPTION("bad option", false),
    /** A field combination the protocol forbids (for example a fragment offset past 65535). */
    BAD_FIELD("bad field", false),
    /**
     * Well-formed, but of a kind this view does not decode specially (for example ARP for a non-Ethernet
     * hardware type). The view's generic accessors stay in bounds; its typed ones may not apply.
     */
    UNSUPPORTED("unsupported", true);

    private final String description;
    private final boolean fieldsReadable;

    WireStatus(String description, boolean fieldsReadable) {
        this.description = description;
        this.fieldsReadable = fieldsReadable;
    }

    /** A short human-readable reason, used in drop counters and decode output. */
    public String description() {
        return description;
    }

    /** True only for {@link #OK}. */
    public boolean isOk() {
        return this == OK;
    }

    /** True when the view's fields stay readable in bounds despite this status ({@code OK}, {@code BAD_CHECKSUM},
     * and the generic accessors under {@code UNSUPPORTED}). */
    public boolean fieldsReadable() {
        return fieldsReadable;
    }
}
