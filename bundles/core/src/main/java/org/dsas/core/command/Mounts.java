package org.dsas.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelper;
import org.dsas.core.api.PrivilegedHelperException;
import org.dsas.core.shell.ListingAction;

@Command(scope = "dsas", name = "mounts", description = "Lists the mounts of privileged/mounts and whether each is "
        + "mounted (asks the privileged helper)")
@Service
public class Mounts extends ListingAction {

    @Reference
    PrivilegedHelper helper;

    @Override
    public Object execute() throws Exception {
        List<MountState> mounts;
        try {
            mounts = helper.mounts();
        } catch (PrivilegedHelperException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        List<Map<String, Object>> model = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (MountState m : mounts) {
            model.add(m.toMap());
            rows.add(List.of(m.name(), m.mounted() ? "mounted" : "unmounted", m.mountpoint(), m.fstype(), m.device()));
        }
        print(model, out -> {
            if (rows.isEmpty()) {
                out.println("no mounts configured (privileged/mounts)");
            } else {
                table(out, List.of("NAME", "STATE", "MOUNTPOINT", "TYPE", "DEVICE"), rows);
            }
        });
        return null;
    }
}
