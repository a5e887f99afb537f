package org.dsas.lb.command;

import java.util.LinkedHashMap;
import java.util.Map;

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
        print(changes.stream().map(LbDiff::toMap).toList(), out -> {
            if (changes.isEmpty()) {
                out.println("the dataplane matches desired state");
            }
            changes.forEach(c -> out.println(c.description()));
        });
        return null;
    }

    /** The JSON form of one change: what kind, which service, and the ipvsadm line. */
    static Map<String, Object> toMap(LbService.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind().name());
        m.put("service", c.service() == null ? null : c.service().toString());
        m.put("description", c.description());
        return m;
    }
}
