package org.dsas.vrrp.codec;

/**
 * Why a received VRRP packet was dropped; counted per instance and shown by
 * {@code vrrp:show}. The first group is found by the codec, the second by the
 * instance that owns the virtual router id (as keepalived checks them).
 */
public enum DropReason {
    // found by VrrpCodec.decode
    TOO_SHORT("packet shorter than its header"),
    BAD_VERSION("version is not 2 or 3"),
    BAD_TYPE("type is not ADVERTISEMENT"),
    BAD_LENGTH("address count does not match the packet length"),
    BAD_CHECKSUM("checksum mismatch"),
    BAD_VRID("virtual router id 0"),
    // found by the receiving instance
    BAD_TTL("IP TTL / hop limit is not 255"),
    VERSION_MISMATCH("version differs from the instance's"),
    AUTH_MISMATCH("authentication type or password differs"),
    INTERVAL_MISMATCH("advert interval differs from the instance's"),
    ADDRESS_MISMATCH("virtual address list differs from the instance's"),
    OWN_PACKET("sent by this node");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The counter this reason is counted under in an instance's counters: {@code BAD_TTL} is {@code dropsBadTtl}. */
    public String counterName() {
        StringBuilder out = new StringBuilder("drops");
        for (String word : name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }
}
