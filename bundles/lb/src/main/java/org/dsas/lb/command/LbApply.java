package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.lb.api.LbService;

@Command(scope = "lb", name = "apply", description = "Applies desired state to the dataplane now (the minimal change) and prints it")
@Service
public class LbApply implements Action {

    @Reference
    LbService lb;

    @Override
    public Object execute() {
        ServiceAction.printChanges(lb.apply());
        return null;
    }
}
