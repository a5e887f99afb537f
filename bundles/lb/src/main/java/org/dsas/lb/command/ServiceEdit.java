package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.lb.api.VirtualService;

@Command(scope = "lb", name = "service-edit", description = "Changes a virtual service in place (ipvsadm -E); options not given keep their value")
@Service
public class ServiceEdit extends ServiceSettingsAction {

    @Override
    public Object execute() {
        var key = serviceKey();
        VirtualService base = lb.services().stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no virtual service " + key));
        var s = settings(base);
        lb.editService(s);
        System.out.println("edited " + s.key());
        return null;
    }
}
