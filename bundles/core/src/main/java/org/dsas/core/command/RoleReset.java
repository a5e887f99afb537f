package org.dsas.core.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;

@Command(scope = "role", name = "reset", description = "Forgets the operator's choice for a role: the boot flags decide it again")
@Service
public class RoleReset extends RoleChange {

    @Override
    RolePlan change() throws RoleException {
        return roles.reset(role, dryRun);
    }
}
