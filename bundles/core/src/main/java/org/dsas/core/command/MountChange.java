package org.dsas.core.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelper;
import org.dsas.core.api.PrivilegedHelperException;
import org.dsas.core.shell.ListingAction;

/** Shared by dsas:mount and dsas:umount: the name argument, the request and its one line. */
abstract class MountChange extends ListingAction {

    @Reference
    PrivilegedHelper helper;

    @Argument(index = 0, name = "name", required = true, description = "The mount's name in privileged/mounts "
            + "(see dsas:mounts)")
    String name;

    abstract MountState change() throws PrivilegedHelperException;

    /** What was done ("mounted"), and what the entry was when nothing needed doing ("was already mounted"). */
    abstract String done();

    abstract String unchanged();

    @Override
    public Object execute() throws Exception {
        MountState s;
        try {
            s = change();
        } catch (PrivilegedHelperException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        print(s.toMap(), out -> out.println((s.changed() ? done() + " " + s.name() : s.name() + " " + unchanged())
                + ": " + s.device() + " on " + s.mountpoint() + " (" + s.fstype() + ")"));
        return null;
    }
}
