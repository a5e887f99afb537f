package org.dsas.lb.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.internal.text.ServiceValidator;

@Command(scope = "lb", name = "drain", description = "Sends a real server no new connections (weight 0 in every service) until lb:undrain; prints the connections still open")
@Service
public class LbDrain extends ListingAction {

    @Reference
    LbService lb;

    @Argument(index = 0, name = "server", required = true, description = "real server address:port")
    String server;

    @Override
    public Object execute() {
        var e = ServiceValidator.parseEndpoint(server);
        List<ServerState> left = lb.drain(e);
        long active = left.stream().mapToLong(ServerState::activeConnections).sum();
        long inactive = left.stream().mapToLong(ServerState::inactiveConnections).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", e.toString());
        m.put("activeConns", active);
        m.put("inactiveConns", inactive);
        print(m, out -> out.println("drained " + e + ": " + active + " active, " + inactive
                + " inactive connection(s) still open"));
        return null;
    }
}
