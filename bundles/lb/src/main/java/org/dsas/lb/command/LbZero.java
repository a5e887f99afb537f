package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lb", name = "zero", description = "Zeroes the counters of one service (-t/-u/-f) or of all (ipvsadm -Z)")
@Service
public class LbZero extends ServiceAction {

    @Override
    public Object execute() {
        var key = noService() ? null : serviceKey();
        lb.zero(key);
        System.out.println("zeroed " + (key == null ? "all services" : key.toString()));
        return null;
    }
}
