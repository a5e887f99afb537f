package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "lb", name = "server-add", description = "Adds a real server to a virtual service (ipvsadm -a): lb:server-add -t 10.0.0.1:80 -r 192.168.31.101:80 -m -w 3")
@Service
public class ServerAdd extends ServerAction {

    @Override
    public Object execute() {
        var key = serviceKey();
        var r = server(null);
        lb.addServer(key, r);
        System.out.println("added " + r.endpoint() + " to " + key);
        return null;
    }
}
