package org.dsas.lb.command;

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
        print(LbList.backend(b), out -> {
            out.println(b.name() + ": " + b.reason());
            b.unavailable().forEach(u -> out.println("  not used: " + u));
        });
        return null;
    }
}
