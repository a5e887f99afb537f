package org.dsas.vrrp.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.vrrp.api.VrrpService;

@Command(scope = "vrrp", name = "maintenance", description = "Hands an instance over gracefully: a MASTER sends priority 0 "
        + "and stays BACKUP until --off")
@Service
public class VrrpMaintenance implements Action {

    @Reference
    VrrpService vrrp;

    @Argument(index = 0, name = "instance", required = true)
    String name;

    @Option(name = "--off", description = "End maintenance: the instance competes with its configured priority again")
    boolean off;

    @Override
    public Object execute() {
        vrrp.setMaintenance(name, !off);
        System.out.println("vrrp[" + name + "] maintenance " + (off ? "off" : "on"));
        return null;
    }
}
