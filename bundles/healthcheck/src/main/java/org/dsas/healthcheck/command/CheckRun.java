package org.dsas.healthcheck.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.healthcheck.api.CheckService;

@Command(scope = "check", name = "run", description = "Runs every check of a real server once, now, and prints the "
        + "results; the checks' state is not changed")
@Service
public class CheckRun implements Action {

    @Reference
    CheckService checks;

    @Argument(index = 0, name = "server", required = true, description = "real server address:port")
    String server;

    @Override
    public Object execute() {
        checks.runOnce(server).forEach(System.out::println);
        return null;
    }
}
