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
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.internal.text.IpvsadmSave;

@Command(scope = "lb", name = "export", description = "Writes desired state (or with --running what the dataplane has) in ipvsadm-save format, to a file or the terminal")
@Service
public class LbExport implements Action {

    @Reference
    LbService lb;

    @Option(name = "--running", description = "export what the dataplane runs instead of desired state")
    boolean running;

    @Argument(index = 0, name = "file", description = "output file (default: print)")
    String file;

    @Override
    public Object execute() throws Exception {
        String text = IpvsadmSave.write(running ? lb.read().stream().map(ServiceState::service).toList()
                : lb.services());
        if (file == null) {
            System.out.print(text);
        } else {
            try {
                Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                // NoSuchFileException and friends carry only the path: say what failed, in one line
                throw new IllegalArgumentException("cannot write " + file + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null || e.getMessage().equals(file) ? "" : " " + e.getMessage()));
            }
            System.out.println("wrote " + file);
        }
        return null;
    }
}
