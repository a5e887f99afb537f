package org.dsas.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.RoleService;
import org.dsas.core.api.RoleState;
import org.dsas.core.shell.ListingAction;

@Command(scope = "role", name = "list", description = "Lists the roles: active or not, and which flag source decided")
@Service
public class RoleList extends ListingAction {

    @Reference
    RoleService roles;

    @Override
    public Object execute() {
        List<RoleState> states = roles.roles();
        List<Map<String, Object>> model = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (RoleState r : states) {
            model.add(r.toMap());
            String state = r.error() != null ? "failed" : r.active() == r.wanted() ? (r.active() ? "active" : "inactive")
                    : (r.wanted() ? "pending-on" : "pending-off");
            rows.add(List.of(r.name(), state, (r.wanted() ? "on" : "off") + " by " + r.source().label(), r.feature(),
                    r.error() != null ? r.error() : r.description()));
        }
        print(model, out -> table(out, List.of("ROLE", "STATE", "DECIDED", "FEATURE", "DESCRIPTION"), rows));
        return null;
    }
}
