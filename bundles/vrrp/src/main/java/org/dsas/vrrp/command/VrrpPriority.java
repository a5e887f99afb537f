package org.dsas.vrrp.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.vrrp.api.VrrpService;

@Command(scope = "vrrp", name = "priority", description = "Changes an instance's priority live (not persisted: edit the .cfg for that)")
@Service
public class VrrpPriority implements Action {

    @Reference
    VrrpService vrrp;

    @Argument(index = 0, name = "instance", required = true)
    String name;

    @Argument(index = 1, name = "priority", required = true, description = "1-254 (255 is the address owner's)")
    int priority;

    @Override
    public Object execute() {
        vrrp.setPriority(name, priority);
        System.out.println("vrrp[" + name + "] priority " + priority);
        return null;
    }
}
