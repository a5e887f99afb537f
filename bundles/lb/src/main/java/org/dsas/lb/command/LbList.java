package org.dsas.lb.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.lb.api.Counters;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.IpvsadmSyntax;

@Command(scope = "lb", name = "list", description = "Lists what the dataplane runs, like ipvsadm -Ln (--stats, --rate, --json)")
@Service
public class LbList extends ListingAction {

    @Reference
    LbService lb;

    @Option(name = "--stats", description = "counters: connections, packets, bytes")
    boolean stats;

    @Option(name = "--rate", description = "rates: connections, packets, bytes per second")
    boolean rate;

    @Override
    public Object execute() {
        List<ServiceState> running = lb.read();
        LbService.BackendInfo backend = lb.backend();
        print(model(backend, running), out -> text(out, backend, running));
        return null;
    }

    private static Map<String, Object> counters(Counters c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conns", c.connections());
        m.put("inPkts", c.inPackets());
        m.put("outPkts", c.outPackets());
        m.put("inBytes", c.inBytes());
        m.put("outBytes", c.outBytes());
        m.put("cps", c.connectionsPerSecond());
        m.put("inPps", c.inPacketsPerSecond());
        m.put("outPps", c.outPacketsPerSecond());
        m.put("inBps", c.inBytesPerSecond());
        m.put("outBps", c.outBytesPerSecond());
        return m;
    }

    static Map<String, Object> model(LbService.BackendInfo backend, List<ServiceState> running) {
        List<Object> services = new ArrayList<>();
        for (ServiceState s : running) {
            VirtualService v = s.service();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", v.key().toString());
            m.put("scheduler", v.scheduler());
            m.put("persistence", v.persistenceTimeout());
            m.put("persistenceNetmask", v.persistenceNetmask());
            m.put("flags", IpvsadmSyntax.schedulerFlags(v));
            m.put("onePacket", (v.flags() & VirtualService.FLAG_ONEPACKET) != 0);
            m.put("stats", counters(s.counters()));
            List<Object> servers = new ArrayList<>();
            for (ServerState r : s.servers()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("server", r.server().endpoint().toString());
                rm.put("forward", r.server().method().ipvsadmName());
                rm.put("weight", r.server().weight());
                rm.put("activeConns", r.activeConnections());
                rm.put("inactiveConns", r.inactiveConnections());
                rm.put("stats", counters(r.counters()));
                servers.add(rm);
            }
            m.put("servers", servers);
            services.add(m);
        }
        Map<String, Object> out = backend(backend);
        out.put("services", services);
        return out;
    }

    /** The JSON form of the running dataplane, shared by lb:backend and lb:list. */
    static Map<String, Object> backend(LbService.BackendInfo b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", b.name());
        m.put("reason", b.reason());
        m.put("unavailable", b.unavailable());
        return m;
    }

    private void text(PrintStream out, LbService.BackendInfo backend, List<ServiceState> running) {
        out.println("Dataplane " + backend.name() + " (" + backend.reason() + ")");
        if (stats || rate) {
            String[] h = stats ? new String[] {"Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"}
                    : new String[] {"CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"};
            // one argument array: "label, (Object[]) h" would pass the headers as a single argument
            out.printf("%-33s %8s %8s %8s %8s %8s%n", "Prot LocalAddress:Port", h[0], h[1], h[2], h[3], h[4]);
            out.println("  -> RemoteAddress:Port");
            for (ServiceState s : running) {
                out.printf("%-33s %s%n", s.service().key().toString().replaceFirst(" ", "  "), figures(s.counters()));
                for (ServerState r : s.servers()) {
                    // "  -> " is five characters: the figures start in the same column as the service's
                    out.printf("  -> %-28s %s%n", r.server().endpoint(), figures(r.counters()));
                }
            }
            return;
        }
        out.println("Prot LocalAddress:Port Scheduler Flags");
        out.println("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
        for (ServiceState s : running) {
            VirtualService v = s.service();
            StringBuilder line = new StringBuilder(v.key().toString().replaceFirst(" ", "  ")).append(' ')
                    .append(v.scheduler());
            String flags = IpvsadmSyntax.schedulerFlags(v);
            if (!flags.isEmpty()) {
                line.append(" (").append(flags).append(')');
            }
            if (v.persistenceTimeout() > 0) {
                line.append(" persistent ").append(v.persistenceTimeout());
                int full = v.key().ipv6() ? 128 : 32;
                if (v.persistenceNetmask() != full) {
                    line.append(" mask ").append(IpvsadmSyntax.netmask(v));
                }
            }
            if ((v.flags() & VirtualService.FLAG_ONEPACKET) != 0) {
                line.append(" ops");
            }
            out.println(line);
            for (ServerState r : s.servers()) {
                out.printf("  -> %-28s %-7s %-6d %-10d %d%n", r.server().endpoint(),
                        r.server().method().ipvsadmName(), r.server().weight(), r.activeConnections(),
                        r.inactiveConnections());
            }
        }
    }

    private String figures(Counters c) {
        long[] v = stats ? new long[] {c.connections(), c.inPackets(), c.outPackets(), c.inBytes(), c.outBytes()}
                : new long[] {c.connectionsPerSecond(), c.inPacketsPerSecond(), c.outPacketsPerSecond(),
                    c.inBytesPerSecond(), c.outBytesPerSecond()};
        return String.format("%8d %8d %8d %8d %8d", v[0], v[1], v[2], v[3], v[4]);
    }
}
