package org.dsas.lb.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Option;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.text.IpvsadmSave;

/** Options of lb:service-add and lb:service-edit: scheduler, persistence, netmask, flags, one-packet. */
public abstract class ServiceSettingsAction extends ServiceAction {

    @Option(name = "-s", aliases = "--scheduler", description = "rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos")
    String scheduler;

    @Option(name = "-p", aliases = "--persistent", description = "persistence timeout in seconds (ipvsadm's default 300 when given without a number is not supported: give the number)")
    String persistent;

    @Option(name = "-M", aliases = "--netmask", description = "persistence granularity: dotted IPv4 netmask or IPv6 prefix length")
    String netmask;

    @Option(name = "-b", aliases = "--sched-flags", description = "sh-fallback,sh-port,mh-fallback,mh-port,flag-1,flag-2,flag-3")
    String flags;

    @Option(name = "-o", aliases = "--ops", description = "one-packet scheduling (UDP)")
    boolean ops;

    /**
     * The service these options describe, starting from {@code base} (null: a new service, scheduler wlc as
     * ipvsadm's default). Parsed through the same code as the ipvsadm-save format, so both agree.
     */
    protected VirtualService settings(VirtualService base) {
        StringBuilder line = new StringBuilder("-A ").append(serviceKey().ipvsadmOptions());
        String sched = scheduler != null ? scheduler : base != null ? base.scheduler() : null;
        if (sched != null) {
            line.append(" -s ").append(sched.trim());
        }
        if (persistent != null) {
            line.append(" -p ").append(persistent.trim());
        } else if (base != null && base.persistenceTimeout() > 0) {
            line.append(" -p ").append(base.persistenceTimeout());
        }
        if (netmask != null) {
            line.append(" -M ").append(netmask.trim());
        }
        if (flags != null) {
            line.append(" -b ").append(flags.trim());
        }
        if (ops) {
            line.append(" -o");
        }
        List<VirtualService> parsed = IpvsadmSave.parse(line.toString(), "command");
        VirtualService s = parsed.get(0);
        if (base != null && netmask == null && s.persistenceTimeout() > 0) {
            s = new VirtualService(s.key(), s.scheduler(), s.persistenceTimeout(), base.persistenceNetmask(),
                    flags == null && !ops ? base.flags() : s.flags(), List.of());
        } else if (base != null && flags == null && !ops) {
            s = new VirtualService(s.key(), s.scheduler(), s.persistenceTimeout(), s.persistenceNetmask(),
                    base.flags(), List.of());
        }
        return s;
    }
}
