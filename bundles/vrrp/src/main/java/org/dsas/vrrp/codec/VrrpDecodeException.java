package org.dsas.vrrp.codec;

/** A packet the codec refuses, with the reason it is counted under. */
public class VrrpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    public VrrpDecodeException(DropReason reason, String detail) {
        super(reason.description() + (detail == null ? "" : ": " + detail));
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
