package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.lb.api.LbService;

@Command(scope = "lb", name = "diff", description = "Shows what lb:apply would change on the dataplane, in ipvsadm syntax")
@Service
public class LbDiff extends ListingAction {

    @Reference
    LbService lb;

    @Override
    public Object execute() {
        var changes = lb.diff();
        print(changes.stream().map(LbService.Change::description).toList(), out -> {
            if (changes.isEmpty()) {
                out.println("the dataplane matches desired state");
            }
            changes.forEach(c -> out.println(c.description()));
        });
        return null;
    }
}
