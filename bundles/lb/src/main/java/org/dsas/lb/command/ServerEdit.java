package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lb", name = "server-edit", description = "Changes a real server in place (ipvsadm -e); options not given keep their value")
@Service
public class ServerEdit extends ServerAction {

    @Override
    public Object execute() {
        var key = serviceKey();
        var service = lb.services().stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no virtual service " + key));
        var base = service.server(endpoint())
                .orElseThrow(() -> new IllegalArgumentException("no real server " + endpoint() + " in " + key));
        var r = server(base);
        lb.editServer(key, r);
        System.out.println("edited " + r.endpoint() + " in " + key);
        return null;
    }
}
