package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.lb.internal.text.ServiceValidator;

@Command(scope = "lb", name = "server-delete", description = "Removes a real server from a virtual service (ipvsadm -d)")
@Service
public class ServerDelete extends ServiceAction {

    @Option(name = "-r", aliases = "--real-server", required = true, description = "real server address:port")
    String real;

    @Override
    public Object execute() {
        var key = serviceKey();
        var e = ServiceValidator.parseEndpoint(real);
        lb.deleteServer(key, e);
        System.out.println("removed " + e + " from " + key);
        return null;
    }
}
