package org.dsas.vrrp.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.ConfigProblems;
import org.dsas.core.shell.ProblemReport;
import org.dsas.vrrp.internal.KeepalivedImporter;

@Command(scope = "vrrp", name = "import-keepalived", description = "Imports the vrrp_instance and vrrp_sync_group blocks of "
        + "a keepalived.conf as etc/org.dsas.vrrp.instance-<name>.cfg files; lists every keyword not carried over")
@Service
public class VrrpImportKeepalived implements Action {

    @Argument(index = 0, name = "file", required = true, description = "Path to keepalived.conf")
    String file;

    @Option(name = "--dry-run", aliases = "-n", description = "Check and show, write nothing")
    boolean dryRun;

    @Override
    public Object execute() throws Exception {
        Path path = Paths.get(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc"));
        KeepalivedImporter.Outcome o;
        try {
            o = KeepalivedImporter.importFile(Files.readString(path, StandardCharsets.UTF_8), path.toString(), etc,
                    dryRun);
        } catch (ConfigProblems e) {
            throw ProblemReport.refused(e, file, "nothing imported", System.err);
        }
        for (String u : o.unsupported()) {
            System.out.println(ProblemReport.aboutFile("not imported: " + u, file));
        }
        for (String w : o.written()) {
            System.out.println((dryRun ? "would write " : "wrote ") + w);
        }
        return null;
    }
}
