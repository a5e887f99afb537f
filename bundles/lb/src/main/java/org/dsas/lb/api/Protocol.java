package org.dsas.lb.api;

/** The transport protocol of a virtual service, with its IP protocol number and ipvsadm option. */
public enum Protocol {
    TCP(6, "-t"),
    UDP(17, "-u"),
    SCTP(132, "--sctp-service");

    private final int number;
    private final String ipvsadmOption;

    Protocol(int number, String ipvsadmOption) {
        this.number = number;
        this.ipvsadmOption = ipvsadmOption;
    }

    /** IPPROTO_* value, as IPVS_SVC_ATTR_PROTOCOL carries it. */
    public int number() {
        return number;
    }

    /** The ipvsadm option that names a service of this protocol: -t, -u or --sctp-service. */
    public String ipvsadmOption() {
        return ipvsadmOption;
    }

    public static Protocol ofNumber(int number) {
        for (Protocol p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown IP protocol " + number + " (tcp 6, udp 17, sctp 132)");
    }
}
