package org.dsas.lb.api;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

import org.dsas.core.api.event.ServiceText;

/**
 * The identity of a virtual service: protocol + address + port, or a firewall
 * mark (with the address family it applies to), exactly as IPVS keys services.
 */
public record ServiceKey(Protocol protocol, Endpoint endpoint, int fwmark, boolean ipv6)
        implements Comparable<ServiceKey> {

    private static final Comparator<ServiceKey> ORDER = Comparator
            .comparing((ServiceKey k) -> k.fwmark != 0)
            .thenComparing(k -> k.protocol == null ? 0 : k.protocol.ordinal())
            .thenComparing(k -> k.endpoint, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing((a, b) -> Integer.compareUnsigned(a.fwmark, b.fwmark))
            .thenComparing(k -> k.ipv6);

    public ServiceKey {
        if (fwmark != 0) {
            if (protocol != null || endpoint != null) {
                throw new IllegalArgumentException("a firewall-mark service has no protocol or address");
            }
        } else {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(endpoint, "endpoint");
            ipv6 = endpoint.ipv6();
        }
    }

    public static ServiceKey of(Protocol protocol, Endpoint endpoint) {
        return new ServiceKey(protocol, endpoint, 0, endpoint.ipv6());
    }

    public static ServiceKey fwmark(int mark, boolean ipv6) {
        if (mark == 0) {
            throw new IllegalArgumentException("firewall mark must be 1-4294967295, not 0");
        }
        return new ServiceKey(null, null, mark, ipv6);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    /** "TCP 10.0.0.1:80" or "FWM 1" (IPv6 marks: "FWM 1 IPv6"), as ipvsadm -Ln names services. */
    @Override
    public String toString() {
        if (isFwmark()) {
            return "FWM " + Integer.toUnsignedString(fwmark) + (ipv6 ? " IPv6" : "");
        }
        return protocol.name() + " " + endpoint;
    }

    /**
     * The text that names this service to other capabilities ({@link ServiceText}): {@code tcp:10.0.0.1:80},
     * {@code udp:[2001:db8::1]:53}, {@code fwmark:1} or {@code fwmark:1:ipv6}.
     */
    public ServiceText toText() {
        if (isFwmark()) {
            return ServiceText.fwmark(Integer.toUnsignedLong(fwmark), ipv6);
        }
        return ServiceText.of(protocol.name(), endpoint.address(), endpoint.port());
    }

    /** The service a {@link ServiceText} names. */
    public static ServiceKey of(ServiceText text) {
        if (text.isFwmark()) {
            return fwmark((int) text.fwmark(), text.ipv6());
        }
        return of(Protocol.valueOf(text.protocol().toUpperCase(Locale.ROOT)), new Endpoint(text.address(), text.port()));
    }

    /**
     * Reads the cross-capability text form ({@link ServiceText#parse}).
     *
     * @throws IllegalArgumentException one line naming the text and its problem
     */
    public static ServiceKey parse(String text) {
        return of(ServiceText.parse(text));
    }

    /** The ipvsadm options naming this service: "-t 10.0.0.1:80", "-f 1" or "-f 1 -6". */
    public String ipvsadmOptions() {
        if (isFwmark()) {
            return "-f " + Integer.toUnsignedString(fwmark) + (ipv6 ? " -6" : "");
        }
        return protocol.ipvsadmOption() + " " + endpoint;
    }

    @Override
    public int compareTo(ServiceKey o) {
        return ORDER.compare(this, o);
    }
}
