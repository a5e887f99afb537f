package org.dsas.lb.command;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.shell.ListingAction;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.Timeouts;
import org.dsas.lb.internal.text.ServiceValidator;

@Command(scope = "lb", name = "timeouts", description = "Shows, or with three numbers sets (ipvsadm --set tcp tcpfin udp; 0 = unchanged), the connection timeouts in seconds")
@Service
public class LbTimeouts extends ListingAction {

    @Reference
    LbService lb;

    @Argument(index = 0, name = "tcp", description = "TCP established timeout, seconds")
    String tcp;

    @Argument(index = 1, name = "tcpfin", description = "TCP FIN_WAIT timeout, seconds")
    String tcpFin;

    @Argument(index = 2, name = "udp", description = "UDP timeout, seconds")
    String udp;

    @Override
    public Object execute() {
        if (tcp != null) {
            if (udp == null) {
                throw new IllegalArgumentException("give all three timeouts: tcp tcpfin udp (0 = unchanged)");
            }
            lb.setTimeouts(new Timeouts(ServiceValidator.parseThreshold(tcp, "tcp timeout"),
                    ServiceValidator.parseThreshold(tcpFin, "tcpfin timeout"),
                    ServiceValidator.parseThreshold(udp, "udp timeout")));
        }
        Timeouts t = lb.timeouts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tcp", t.tcp());
        m.put("tcpFin", t.tcpFin());
        m.put("udp", t.udp());
        print(m, out -> out.println("Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp()));
        return null;
    }
}
