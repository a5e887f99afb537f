package org.dsas.lb.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.shell.ProblemReport;
import org.dsas.lb.api.CheckConfigValidator;
import org.dsas.lb.api.LbService;
import org.dsas.lb.internal.KeepalivedImport;

@Command(scope = "lb", name = "import-keepalived", description = "Adds the virtual_server blocks of a keepalived.conf to desired state "
        + "and their checkers to etc/dsas-lb-checks.conf, all or nothing: every problem of the file (services and "
        + "checkers, validated as the health checks will load them) is listed and nothing is imported; lists every "
        + "keyword not carried over")
@Service
public class LbImportKeepalived implements Action {

    /** Where the checker blocks go, in keepalived syntax, for the health-check capability. */
    public static final String CHECKS_FILE = "dsas-lb-checks.conf";

    @Reference
    LbService lb;

    /** The health checks' rules; absent where they are not installed (checker blocks are then refused). */
    @Reference(optional = true)
    CheckConfigValidator checks;

    @Argument(index = 0, name = "file", required = true, description = "Path to keepalived.conf")
    String file;

    @Option(name = "--dry-run", aliases = "-n", description = "Check and show, change nothing")
    boolean dryRun;

    /** etc/, where the checks file is. */
    Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));

    @Override
    public Object execute() throws Exception {
        Path path = Paths.get(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        KeepalivedImport.Outcome o;
        try {
            o = new KeepalivedImport(lb, checks, etc.resolve(CHECKS_FILE)).run(path, dryRun);
        } catch (ConfigProblems e) {
            throw ProblemReport.refused(e, file, "nothing imported", System.err);
        }
        for (String u : o.result().notCarried()) {
            System.out.println(ProblemReport.aboutFile("not imported: " + u, file));
        }
        int services = o.result().services().size();
        if (dryRun) {
            System.out.println("would import " + services + " services, " + o.servers() + " real servers, "
                    + o.result().checks().size() + " check blocks");
            return null;
        }
        System.out.println("imported " + services + " services, " + o.servers() + " real servers"
                + (o.checksWritten() ? "; checks in " + o.checksFile() : "; no checks"));
        return null;
    }
}
