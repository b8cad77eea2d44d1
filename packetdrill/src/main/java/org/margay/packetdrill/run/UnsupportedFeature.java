package org.margay.packetdrill.run;

/**
 * The script needs something the runner or the engine does not model (a knob, a socket option, a TCP_INFO field,
 * a system call): the script is reported UNSUPPORTED with this reason, not failed.
 */
public final class UnsupportedFeature extends Exception {
    private static final long serialVersionUID = 1L;

    /** An unsupported feature, named in the message. */
    public UnsupportedFeature(String message) {
        super(message);
    }
}
