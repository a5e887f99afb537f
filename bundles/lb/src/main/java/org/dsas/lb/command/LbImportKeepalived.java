package org.dsas.lb.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.keepalived.conf.KeepalivedConfException;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.text.KeepalivedLbImport;

@Command(scope = "lb", name = "import-keepalived", description = "Adds the virtual_server blocks of a keepalived.conf to desired state "
        + "(all or nothing), keeps their checkers in etc/dsas-lb-checks.conf for the health checks, and lists every "
        + "keyword not carried over")
@Service
public class LbImportKeepalived implements Action {

    /** Where the checker blocks go, in keepalived syntax, for the health-check capability. */
    public static final String CHECKS_FILE = "dsas-lb-checks.conf";

    @Reference
    LbService lb;

    @Argument(index = 0, name = "file", required = true, description = "Path to keepalived.conf")
    String file;

    @Option(name = "--dry-run", aliases = "-n", description = "Check and show, change nothing")
    boolean dryRun;

    @Override
    public Object execute() throws Exception {
        Path path = Paths.get(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        KeepalivedLbImport.Result r;
        try {
            r = KeepalivedLbImport.importFile(path);
        } catch (KeepalivedConfException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        for (String u : r.notCarried()) {
            System.out.println("not imported: " + u);
        }
        List<VirtualService> next = new ArrayList<>(lb.services());
        for (VirtualService s : r.services()) {
            if (next.stream().anyMatch(x -> x.key().equals(s.key()))) {
                throw new IllegalArgumentException("virtual service " + s.key() + " from " + file
                        + " exists already in desired state; nothing imported");
            }
            next.add(s);
        }
        int servers = r.services().stream().mapToInt(s -> s.servers().size()).sum();
        if (dryRun) {
            System.out.println("would import " + r.services().size() + " services, " + servers + " real servers, "
                    + r.checks().size() + " check blocks");
            return null;
        }
        lb.replaceAll(next);
        Path checks = Paths.get(System.getProperty("karaf.etc", "etc")).resolve(CHECKS_FILE);
        String previous = Files.exists(checks) ? Files.readString(checks, StandardCharsets.UTF_8) : "";
        Files.writeString(checks, previous + "# imported from " + path + "\n" + KeepalivedLbImport.checksText(r),
                StandardCharsets.UTF_8);
        System.out.println("imported " + r.services().size() + " services, " + servers + " real servers; checks in "
                + checks);
        return null;
    }
}
