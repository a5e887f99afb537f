package org.dsas.lb.command;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.lb.api.LbService;

@Command(scope = "lb", name = "backend", description = "Says which dataplane runs (ipvs, nftables, proxy), why, and why the others do not")
@Service
public class LbBackend extends ListingAction {

    @Reference
    LbService lb;

    @Override
    public Object execute() {
        var b = lb.backend();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", b.name());
        m.put("reason", b.reason());
        m.put("unavailable", b.unavailable());
        print(m, out -> {
            out.println(b.name() + ": " + b.reason());
            b.unavailable().forEach(u -> out.println("  not used: " + u));
        });
        return null;
    }
}
