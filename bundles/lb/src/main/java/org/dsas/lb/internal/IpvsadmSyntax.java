package org.dsas.lb.internal;

import java.util.ArrayList;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.text.ServiceValidator;

/**
 * Renders services and real servers as ipvsadm options, the language our
 * users already read: what lb:diff prints and what ipvsadm-save files hold.
 */
public final class IpvsadmSyntax {

    private IpvsadmSyntax() {
    }

    /** "-t 10.0.0.1:80 -s wlc -p 300 -M 255.255.255.0 -b sh-port -o" (no command letter). */
    public static String serviceOptions(VirtualService s) {
        StringBuilder b = new StringBuilder(s.key().ipvsadmOptions());
        b.append(" -s ").append(s.scheduler());
        if (s.persistenceTimeout() > 0) {
            b.append(" -p ").append(s.persistenceTimeout());
            int full = s.key().ipv6() ? 128 : 32;
            if (s.persistenceNetmask() != full) {
                b.append(" -M ").append(netmask(s));
            }
        }
        String flags = schedulerFlags(s);
        if (!flags.isEmpty()) {
            b.append(" -b ").append(flags);
        }
        if ((s.flags() & VirtualService.FLAG_ONEPACKET) != 0) {
            b.append(" -o");
        }
        return b.toString();
    }

    /** "-r 192.168.31.101:80 -m -w 3 -x 100 -y 10" (no command letter, no service). */
    public static String serverOptions(RealServer r) {
        StringBuilder b = new StringBuilder("-r ").append(r.endpoint());
        b.append(' ').append(r.method().ipvsadmOption()).append(" -w ").append(r.weight());
        if (r.upperThreshold() > 0) {
            b.append(" -x ").append(r.upperThreshold());
        }
        if (r.lowerThreshold() > 0) {
            b.append(" -y ").append(r.lowerThreshold());
        }
        return b.toString();
    }

    public static String addService(VirtualService s) {
        return "-A " + serviceOptions(s);
    }

    public static String editService(VirtualService s) {
        return "-E " + serviceOptions(s);
    }

    public static String deleteService(ServiceKey k) {
        return "-D " + k.ipvsadmOptions();
    }

    public static String addServer(ServiceKey k, RealServer r) {
        return "-a " + k.ipvsadmOptions() + " " + serverOptions(r);
    }

    public static String editServer(ServiceKey k, RealServer r) {
        return "-e " + k.ipvsadmOptions() + " " + serverOptions(r);
    }

    public static String deleteServer(ServiceKey k, Endpoint e) {
        return "-d " + k.ipvsadmOptions() + " -r " + e;
    }

    /** IPv4: dotted netmask (ipvsadm -M 255.255.255.0); IPv6: the prefix length. */
    public static String netmask(VirtualService s) {
        int bits = s.persistenceNetmask();
        return s.key().ipv6() ? Integer.toString(bits) : ServiceValidator.netmaskText(bits);
    }

    /** ipvsadm's -b names: sh-fallback/sh-port for sh, mh-fallback/mh-port for mh, flag-N otherwise. */
    public static String schedulerFlags(VirtualService s) {
        List<String> names = new ArrayList<>();
        String prefix = switch (s.scheduler()) {
            case "sh" -> "sh-";
            case "mh" -> "mh-";
            default -> null;
        };
        if ((s.flags() & VirtualService.FLAG_SCHED1) != 0) {
            names.add(prefix != null ? prefix + "fallback" : "flag-1");
        }
        if ((s.flags() & VirtualService.FLAG_SCHED2) != 0) {
            names.add(prefix != null ? prefix + "port" : "flag-2");
        }
        if ((s.flags() & VirtualService.FLAG_SCHED3) != 0) {
            names.add("flag-3");
        }
        return String.join(",", names);
    }
}
