package org.dsas.lb.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.shell.ProblemReport;
import org.dsas.lb.api.LbService;
import org.dsas.lb.internal.text.IpvsadmSave;

@Command(scope = "lb", name = "import", description = "Replaces desired state with an ipvsadm-save file (validated whole; every bad line is listed and nothing changes)")
@Service
public class LbImport implements Action {

    @Reference
    LbService lb;

    @Option(name = "--dry-run", aliases = "-n", description = "validate and show the services, change nothing")
    boolean dryRun;

    @Argument(index = 0, name = "file", required = true, description = "ipvsadm-save output")
    String file;

    @Override
    public Object execute() throws Exception {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        java.util.List<org.dsas.lb.api.VirtualService> services;
        try {
            services = IpvsadmSave.parse(Files.readString(p, StandardCharsets.UTF_8), file);
        } catch (ConfigProblems e) {
            throw ProblemReport.refused(e, file, "nothing imported", System.err);
        }
        int servers = services.stream().mapToInt(s -> s.servers().size()).sum();
        if (dryRun) {
            System.out.println(file + ": " + services.size() + " services, " + servers + " real servers (dry run)");
            return null;
        }
        lb.replaceAll(services);
        System.out.println("imported " + services.size() + " services, " + servers + " real servers from " + file);
        return null;
    }

}
