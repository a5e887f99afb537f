package org.dsas.lb.command;

import org.apache.karaf.shell.api.action.Option;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.internal.text.ServiceValidator;

/** Options of the real-server commands, as ipvsadm: -r address:port, -m/-g/-i, -w, -x, -y. */
public abstract class ServerAction extends ServiceAction {

    @Option(name = "-r", aliases = "--real-server", required = true, description = "real server address:port")
    String real;

    @Option(name = "-m", aliases = "--masquerading", description = "forwarding: NAT")
    boolean masq;

    @Option(name = "-g", aliases = "--gatewaying", description = "forwarding: direct routing")
    boolean gate;

    @Option(name = "-i", aliases = "--ipip", description = "forwarding: IP-in-IP tunnel")
    boolean ipip;

    @Option(name = "-w", aliases = "--weight", description = "weight 0-65535 (0: no new connections)")
    String weight;

    @Option(name = "-x", aliases = "--u-threshold", description = "upper connection threshold (0: none)")
    String upper;

    @Option(name = "-y", aliases = "--l-threshold", description = "lower connection threshold (0: none)")
    String lower;

    protected Endpoint endpoint() {
        return ServiceValidator.parseEndpoint(real);
    }

    /** The real server these options describe, over {@code base} (null: new, gatewaying weight 1 as ipvsadm). */
    protected RealServer server(RealServer base) {
        int methods = (masq ? 1 : 0) + (gate ? 1 : 0) + (ipip ? 1 : 0);
        if (methods > 1) {
            throw new IllegalArgumentException("give one forwarding method: -m, -g or -i");
        }
        ForwardMethod m = masq ? ForwardMethod.MASQUERADE : gate ? ForwardMethod.GATEWAY : ipip ? ForwardMethod.TUNNEL
                : base != null ? base.method() : ForwardMethod.GATEWAY;
        int w = weight != null ? ServiceValidator.parseWeight(weight) : base != null ? base.weight() : 1;
        int x = upper != null ? ServiceValidator.parseThreshold(upper, "upper threshold")
                : base != null ? base.upperThreshold() : 0;
        int y = lower != null ? ServiceValidator.parseThreshold(lower, "lower threshold")
                : base != null ? base.lowerThreshold() : 0;
        return new RealServer(endpoint(), m, w, x, y);
    }
}
