package org.dsas.core.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelperException;

@Command(scope = "dsas", name = "mount", description = "Mounts an entry of privileged/mounts (through the privileged "
        + "helper, which runs as root)")
@Service
public class Mount extends MountChange {

    @Override
    MountState change() throws PrivilegedHelperException {
        return helper.mount(name);
    }

    @Override
    String done() {
        return "mounted";
    }

    @Override
    String unchanged() {
        return "was already mounted";
    }
}
