package org.dsas.core.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.RoleException;
import org.dsas.core.api.RolePlan;

@Command(scope = "role", name = "enable", description = "Enables a role now and remembers the choice across restarts")
@Service
public class RoleEnable extends RoleChange {

    @Override
    RolePlan change() throws RoleException {
        return roles.enable(role, dryRun);
    }
}
