package org.dsas.metrics.xdr;

/** Why a received ganglia packet was dropped; counted per reason and shown by {@code dsas:status}. */
public enum DropReason {
    TOO_SHORT("packet ends before its last field"),
    BAD_ID("message id is not 128..136"),
    BAD_STRING_LENGTH("string length runs beyond the packet"),
    ABSURD_LENGTH("string or list longer than any gmond sends"),
    BAD_BOOL("spoof flag is neither 0 nor 1"),
    BAD_TYPE("metadata type is not a ganglia type"),
    BAD_SLOPE("slope is not 0..5"),
    TRAILING_BYTES("bytes after the message"),
    BAD_HOST("spoofed host is not \"ip:name\""),
    NO_METADATA("value of a metric whose metadata is not known yet");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
