package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.lb.api.LbService;
import org.dsas.lb.internal.text.ServiceValidator;

@Command(scope = "lb", name = "undrain", description = "Gives a drained real server its configured weight back")
@Service
public class LbUndrain implements Action {

    @Reference
    LbService lb;

    @Argument(index = 0, name = "server", required = true, description = "real server address:port")
    String server;

    @Override
    public Object execute() {
        var e = ServiceValidator.parseEndpoint(server);
        lb.undrain(e);
        System.out.println("undrained " + e);
        return null;
    }
}
