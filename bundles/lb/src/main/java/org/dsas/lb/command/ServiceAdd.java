package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lb", name = "service-add", description = "Adds a virtual service (ipvsadm -A): lb:service-add -t 10.0.0.1:80 -s lc")
@Service
public class ServiceAdd extends ServiceSettingsAction {

    @Override
    public Object execute() {
        var s = settings(null);
        lb.addService(s);
        System.out.println("added " + s.key());
        return null;
    }
}
