package org.dsas.core.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dsas.core.api.RoleService;

/** Completes role names from the role definitions. */
@Service
public class RoleNameCompleter implements Completer {

    @Reference
    RoleService roles;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(roles.roleNames()).complete(session, commandLine, candidates);
    }
}
