package org.dsas.vrrp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dsas.core.api.ConfigProblems;
import org.dsas.keepalived.conf.KeepalivedConfException;
import org.dsas.keepalived.conf.KeepalivedConfParser;

/**
 * vrrp:import-keepalived: parse, convert, validate every instance as the
 * appliance would, and only then write the files: one bad instance writes nothing, and the
 * {@link ConfigProblems} thrown names the problem of every bad instance.
 */
public final class KeepalivedImporter {

    /** Files written (or that would be), and keywords not carried over. */
    public record Outcome(List<String> written, List<String> unsupported) {
    }

    private KeepalivedImporter() {
    }

    public static Outcome importFile(String text, String source, Path etc, boolean dryRun) throws IOException {
        KeepalivedVrrpImport.Result r;
        try {
            r = KeepalivedVrrpImport.convert(KeepalivedConfParser.parse(text, source));
        } catch (KeepalivedConfException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (r.instances().isEmpty()) {
            throw new IllegalArgumentException(source + ": no vrrp_instance block");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : r.instances().entrySet()) {
            Map<String, Object> props = new HashMap<>(e.getValue());
            props.put("felix.fileinstall.filename", source + " vrrp_instance " + e.getKey());
            try {
                VrrpConfigParser.parse(props);
            } catch (VrrpConfigException ex) {
                problems.addAll(ex.lines());
            }
        }
        // Every instance's problem, one line each: the operator fixes the file in one round.
        ConfigProblems.throwIfAny(problems);
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : r.instances().entrySet()) {
            Path target = etc.resolve(VrrpManager.FACTORY_PID + "-" + e.getKey() + ".cfg");
            StringBuilder sb = new StringBuilder("# Imported from " + source + " by vrrp:import-keepalived\n");
            for (Map.Entry<String, String> kv : e.getValue().entrySet()) {
                sb.append(kv.getKey()).append(" = ").append(kv.getValue()).append('\n');
            }
            if (!dryRun) {
                Files.writeString(target, sb.toString(), StandardCharsets.UTF_8);
            }
            written.add(target.toString());
        }
        return new Outcome(written, r.unsupported());
    }
}
