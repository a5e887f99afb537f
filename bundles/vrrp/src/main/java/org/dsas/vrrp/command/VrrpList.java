package org.dsas.vrrp.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.vrrp.api.VrrpInstanceView;
import org.dsas.vrrp.api.VrrpService;

@Command(scope = "vrrp", name = "list", description = "Lists the VRRP instances: state, virtual router, priority, master")
@Service
public class VrrpList extends ListingAction {

    @Reference
    VrrpService vrrp;

    @Override
    public Object execute() {
        List<VrrpInstanceView> all = vrrp.instances();
        List<List<String>> rows = new ArrayList<>();
        for (VrrpInstanceView v : all) {
            rows.add(List.of(v.name(), v.state().name() + (v.splitBrain() ? " SPLIT-BRAIN" : ""),
                    v.iface(), String.valueOf(v.vrid()), "v" + v.version(),
                    v.effectivePriority() + (v.maintenance() ? " (maint)" : ""),
                    v.masterAddress() == null ? "-" : v.masterAddress(), String.join(" ", v.virtualAddresses())));
        }
        print(all.stream().map(VrrpInstanceView::toMap).toList(), out -> {
            if (rows.isEmpty()) {
                out.println("no VRRP instances (configure etc/org.dsas.vrrp.instance-<name>.cfg)");
            } else {
                table(out, List.of("INSTANCE", "STATE", "IF", "VRID", "VER", "PRIO", "MASTER", "ADDRESSES"), rows);
            }
        });
        return null;
    }
}
