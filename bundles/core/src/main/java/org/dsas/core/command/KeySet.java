package org.dsas.core.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsas.core.internal.SshKeyInstaller;

@Command(scope = "dsas", name = "key-set", description = "Sets the SSH public key of the admin or viewer operator "
        + "(OpenSSH line: type base64 [comment]); takes effect at the next login and survives restarts")
@Service
public class KeySet implements Action {

    @Reference
    SshKeyInstaller keys;

    @Argument(index = 0, name = "user", required = true, description = "admin or viewer")
    String user;

    @Argument(index = 1, name = "key", required = true, multiValued = true,
            description = "The public key line, e.g. the content of ~/.ssh/id_ecdsa.pub")
    List<String> key;

    @Override
    public Object execute() throws Exception {
        keys.setKey(user, String.join(" ", key));
        System.out.println("ssh key of " + user + " set");
        return null;
    }
}
