package org.dsas.core.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelperException;

@Command(scope = "dsas", name = "umount", description = "Unmounts an entry of privileged/mounts (through the "
        + "privileged helper, which runs as root)")
@Service
public class Umount extends MountChange {

    @Override
    MountState change() throws PrivilegedHelperException {
        return helper.unmount(name);
    }

    @Override
    String done() {
        return "unmounted";
    }

    @Override
    String unchanged() {
        return "was not mounted";
    }
}
