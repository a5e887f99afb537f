package org.dsas.metrics.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.metrics.api.MetricSender;

@Command(scope = "metrics", name = "send", description = "Sends one metric for this host, like gmetric")
@Service
public class MetricsSend implements Action {

    @Reference
    MetricSender sender;

    @Argument(index = 0, name = "name", required = true, description = "Metric name")
    String name;

    @Argument(index = 1, name = "value", required = true, description = "Value")
    String value;

    @Option(name = "-t", aliases = "--type", description = "string, int8..uint32, float, double (default double)")
    String type = "double";

    @Option(name = "-u", aliases = "--units", description = "Units")
    String units = "";

    @Option(name = "-g", aliases = "--group", description = "Metric group")
    String group = "";

    @Option(name = "-s", aliases = "--slope", description = "zero, positive, negative, both")
    String slope = "both";

    @Option(name = "-x", aliases = "--tmax", description = "Seconds between sends peers expect")
    int tmax = 60;

    @Option(name = "-d", aliases = "--dmax", description = "Seconds after which peers forget it (0: never)")
    int dmax = 0;

    @Override
    public Object execute() {
        try {
            sender.send(name, value, type, units, slope, tmax, dmax, group, null);
            System.out.println("sent " + name + " = " + value + (units.isEmpty() ? "" : " " + units));
        } catch (IllegalArgumentException e) {
            System.out.println("metrics:send: " + e.getMessage());
        }
        return null;
    }
}
