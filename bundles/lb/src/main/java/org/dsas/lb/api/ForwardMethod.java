package org.dsas.lb.api;

/**
 * How packets reach a real server: NAT (masquerade), direct routing (gateway)
 * or IP-in-IP tunnel. The codes are IPVS's IP_VS_CONN_F_* forwarding values.
 */
public enum ForwardMethod {
    MASQUERADE(0, "-m", "Masq"),
    TUNNEL(2, "-i", "Tunnel"),
    GATEWAY(3, "-g", "Route");

    private final int ipvsCode;
    private final String ipvsadmOption;
    private final String ipvsadmName;

    ForwardMethod(int ipvsCode, String ipvsadmOption, String ipvsadmName) {
        this.ipvsCode = ipvsCode;
        this.ipvsadmOption = ipvsadmOption;
        this.ipvsadmName = ipvsadmName;
    }

    /** IP_VS_CONN_F_MASQ 0, IP_VS_CONN_F_TUNNEL 2, IP_VS_CONN_F_DROUTE 3. */
    public int ipvsCode() {
        return ipvsCode;
    }

    /** -m, -i or -g. */
    public String ipvsadmOption() {
        return ipvsadmOption;
    }

    /** The "Forward" column of ipvsadm -Ln: Masq, Tunnel, Route. */
    public String ipvsadmName() {
        return ipvsadmName;
    }

    public static ForwardMethod ofIpvsCode(int code) {
        for (ForwardMethod m : values()) {
            if (m.ipvsCode == (code & 0x7)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unsupported IPVS forwarding method " + (code & 0x7)
                + " (masquerade 0, tunnel 2, gateway 3)");
    }
}
