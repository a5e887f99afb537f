package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.internal.text.ServiceValidator;

/** The options naming a virtual service, as ipvsadm spells them: -t/-u/--sctp-service address:port, or -f mark [-6]. */
public abstract class ServiceAction implements Action {

    @Reference
    protected LbService lb;

    @Option(name = "-t", aliases = "--tcp-service", description = "TCP virtual service address:port")
    String tcp;

    @Option(name = "-u", aliases = "--udp-service", description = "UDP virtual service address:port")
    String udp;

    @Option(name = "--sctp-service", description = "SCTP virtual service address:port")
    String sctp;

    @Option(name = "-f", aliases = "--fwmark-service", description = "firewall-mark virtual service")
    String fwmark;

    @Option(name = "-6", aliases = "--ipv6", description = "the firewall-mark service is IPv6")
    boolean ipv6;

    /** The service named by the options; exactly one of -t, -u, --sctp-service, -f. */
    protected ServiceKey serviceKey() {
        int given = (tcp != null ? 1 : 0) + (udp != null ? 1 : 0) + (sctp != null ? 1 : 0) + (fwmark != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("name the virtual service with exactly one of -t, -u, --sctp-service"
                    + " (address:port) or -f (firewall mark)");
        }
        if (fwmark != null) {
            return ServiceKey.fwmark(ServiceValidator.parseFwmark(fwmark), ipv6);
        }
        Protocol p = tcp != null ? Protocol.TCP : udp != null ? Protocol.UDP : Protocol.SCTP;
        return ServiceKey.of(p, ServiceValidator.parseEndpoint(tcp != null ? tcp : udp != null ? udp : sctp));
    }

    /** True when no service option was given (listings then cover all services). */
    protected boolean noService() {
        return tcp == null && udp == null && sctp == null && fwmark == null;
    }

    protected static void printChanges(java.util.List<LbService.Change> changes) {
        if (changes.isEmpty()) {
            System.out.println("no change to the dataplane");
        }
        for (LbService.Change c : changes) {
            System.out.println(c.description());
        }
    }
}
