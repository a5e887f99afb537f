package org.dsas.lb.nftables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigAlarms;
import org.dsas.core.api.ConfigCheck;

import org.dsas.lb.dataplane.Dataplane;
import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneProbe;
import org.dsas.lb.dataplane.DataplaneProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Offers the nftables dataplane to the lb control plane (preference 200: below kernel IPVS, above the userspace
 * proxy) and probes, without touching forwarding, whether nft and the kernel can run it.
 */
@Component(service = DataplaneProvider.class, configurationPid = NftablesDataplaneProvider.PID,
        property = {DataplaneProvider.NAME + "=nftables", DataplaneProvider.PREFERENCE + ":Integer=200"})
@Designate(ocd = NftablesDataplaneProvider.Config.class)
public class NftablesDataplaneProvider implements DataplaneProvider {

    static final String PID = "org.dsas.lb.nftables";
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin");

    /** What the kernel must accept for this dataplane: an inet nat chain with a numgen/jhash verdict map. */
    static final String PROBE_SCRIPT = """
            add table inet dsas_lb_probe
            add chain inet dsas_lb_probe probe_nat { type nat hook prerouting priority dstnat; policy accept; }
            add chain inet dsas_lb_probe probe_server
            add rule inet dsas_lb_probe probe_server meta l4proto tcp dnat ip to 192.0.2.1:80
            add rule inet dsas_lb_probe probe_nat ip daddr 192.0.2.2 numgen inc mod 2 vmap { 0-1 : goto probe_server }
            add rule inet dsas_lb_probe probe_nat ip daddr 192.0.2.3 jhash ip saddr mod 2 vmap { 0-1 : goto probe_server }
            """;

    @ObjectClassDefinition(name = "DSAS load balancer: nftables dataplane")
    public @interface Config {
        @AttributeDefinition(description = "How to run nft, split on spaces (e.g. 'nft' or 'ip netns exec lb nft')")
        String command() default "nft";
    }

    @Reference
    ConfigAlarms alarms;

    private volatile List<String> command = List.of("nft");

    /** Settings from etc/org.dsas.lb.nftables.cfg, checked whole; a refused file keeps the command in force. */
    @Activate
    @Modified
    void configure(Map<String, Object> props) {
        ConfigCheck check = ConfigCheck.of(PID, Config.class, props, DataplaneProvider.NAME,
                DataplaneProvider.PREFERENCE);
        List<String> words = Arrays.stream(check.typed(Config.class).command().trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        check.require("command", !words.isEmpty(), "empty (the nft command, e.g. nft)");
        if (check.passed(alarms)) {
            command = words;
        }
    }

    /** The nft command in force. */
    List<String> command() {
        return command;
    }

    @Override
    public DataplaneProbe probe() {
        return probe(command);
    }

    /** nft present, and the kernel accepts the probe table in check mode (nft -c: validated, never committed). */
    static DataplaneProbe probe(List<String> command) {
        if (command.isEmpty()) {
            return DataplaneProbe.unavailable("nftables", "no nft command configured");
        }
        String binary = command.get(0);
        if (!binary.contains("/") && SBIN.stream().noneMatch(d -> Files.isExecutable(Path.of(d, binary)))) {
            return DataplaneProbe.unavailable("nftables", binary + " not found in " + SBIN + " (install nftables)");
        }
        NftCommand nft = new NftCommand(command);
        try {
            NftCommand.Result version = nft.run(List.of("--version"), "");
            if (!version.ok()) {
                return DataplaneProbe.unavailable("nftables", String.join(" ", command) + " --version failed: "
                        + NftCommand.condense(version.err()));
            }
            NftCommand.Result check = nft.run(List.of("-c", "-f", "-"), PROBE_SCRIPT);
            if (!check.ok()) {
                return DataplaneProbe.unavailable("nftables", "the kernel refuses an inet nat table with numgen/jhash"
                        + " maps: " + NftCommand.condense(check.err()));
            }
            return DataplaneProbe.available("nftables", version.out().trim()
                    + "; the kernel accepts inet nat chains with numgen/jhash DNAT maps (checked with nft -c)");
        } catch (DataplaneException e) {
            return DataplaneProbe.unavailable("nftables", e.getMessage());
        }
    }

    @Override
    public Dataplane open() throws DataplaneException {
        NftablesDataplane d = new NftablesDataplane(command);
        d.open();
        return d;
    }
}
