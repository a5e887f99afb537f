package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lb", name = "service-delete", description = "Deletes a virtual service with its real servers (ipvsadm -D)")
@Service
public class ServiceDelete extends ServiceAction {

    @Override
    public Object execute() {
        var key = serviceKey();
        lb.deleteService(key);
        System.out.println("deleted " + key);
        return null;
    }
}
