package org.dsas.vrrp.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;

@Command(scope = "vrrp", name = "show", description = "One VRRP instance: state, master, priorities seen, advert and drop counters")
@Service
public class VrrpShow extends ListingAction {

    @Reference
    VrrpService vrrp;

    @Argument(index = 0, name = "instance", required = true, description = "Instance name (see vrrp:list)")
    String name;

    @Override
    public Object execute() {
        VrrpInstanceView v = vrrp.instance(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown VRRP instance '" + name + "'; instances: " + String.join(", ",
                        vrrp.instances().stream().map(VrrpInstanceView::name).toList())));
        print(v.toMap(), out -> {
            out.println("instance " + v.name() + ": " + v.state() + (v.splitBrain() ? "  ** SPLIT BRAIN **" : ""));
            out.println("  vrid " + v.vrid() + " v" + v.version() + " on " + v.iface() + ", advert " + v.advertMillis() + " ms");
            out.println("  priority " + v.priority() + (v.maintenance() ? " (maintenance: advertising 1)" : ""));
            out.println("  addresses " + String.join(" ", v.virtualAddresses()));
            out.println("  master " + (v.masterAddress() == null ? "unknown" : v.masterAddress()));
            out.println("  peers seen:" + (v.peers().isEmpty() ? " none" : ""));
            for (Map.Entry<String, Integer> p : v.peers().entrySet()) {
                out.println("    " + p.getKey() + " priority " + p.getValue());
            }
            out.println("  counters:");
            for (Map.Entry<String, Long> c : v.counters().entrySet()) {
                out.println("    " + c.getKey() + " " + c.getValue());
            }
        });
        return null;
    }
}
