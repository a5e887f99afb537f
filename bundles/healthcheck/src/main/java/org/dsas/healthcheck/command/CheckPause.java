package org.dsas.healthcheck.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.healthcheck.api.CheckService;

@Command(scope = "check", name = "pause", description = "Stops running the checks of a real server (or all); "
        + "the load balancer keeps their last verdict until check:resume")
@Service
public class CheckPause implements Action {

    @Reference
    CheckService checks;

    @Argument(index = 0, name = "server", required = false, description = "real server address:port; all when absent")
    String server;

    @Override
    public Object execute() {
        int n = checks.pause(server, true);
        System.out.println("paused " + n + " check(s)" + (server == null ? "" : " of " + server));
        return null;
    }
}
