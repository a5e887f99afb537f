package org.dsas.lb.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.core.api.ConfigProblems;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfException;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.CheckConfigValidator;
import org.dsas.lb.api.LbService;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.text.KeepalivedLbImport;

/**
 * lb:import-keepalived as one transaction: everything it will write is validated first (the services
 * against desired state, the checks file as the health checks will load it: what it holds now plus
 * the imported checker blocks), and when anything fails nothing is written and nothing is applied.
 * The checks file is written before the services, so a new real server never serves traffic before
 * its check exists (a check whose server is not yet in the lb waits); when the lb then refuses the
 * services, the checks file is put back as it was.
 */
public final class KeepalivedImport {

    /** What an import did (or, dry, would do). */
    public record Outcome(KeepalivedLbImport.Result result, int servers, Path checksFile, boolean checksWritten) {
    }

    private final LbService lb;
    private final CheckConfigValidator validator;
    private final Path checksFile;

    /** {@code validator} is null when the health checks are not installed here. */
    public KeepalivedImport(LbService lb, CheckConfigValidator validator, Path checksFile) {
        this.lb = lb;
        this.validator = validator;
        this.checksFile = checksFile;
    }

    /** Validates the whole import, then (unless {@code dryRun}) writes the checks and replaces desired state. */
    public Outcome run(Path file, boolean dryRun) throws IOException {
        List<ConfNode> top;
        try {
            top = KeepalivedLbImport.read(file);
        } catch (KeepalivedConfException e) {
            throw new ConfigProblems(List.of(e.getMessage()));
        }
        KeepalivedLbImport.Result r;
        try {
            r = KeepalivedLbImport.convert(top);
        } catch (ConfigProblems e) {
            throw new ConfigProblems(inFileOrder(withCheckerProblems(e.problems(), top)));
        }
        List<String> problems = new ArrayList<>();
        if (r.services().isEmpty()) {
            // not a keepalived.conf with services (or the wrong file): importing nothing is an operator's mistake
            problems.add(file + ": no virtual_server block");
        }
        List<VirtualService> next = new ArrayList<>(lb.services());
        for (VirtualService s : r.services()) {
            if (next.stream().anyMatch(x -> x.key().equals(s.key()))) {
                problems.add(r.checks().get(s.key()).where() + ": virtual_server: service "
                        + s.key() + " exists already in desired state");
            }
            next.add(s);
        }
        List<ConfNode> imported = KeepalivedLbImport.checkStatements(r);
        boolean writeChecks = KeepalivedLbImport.carriesChecks(imported);
        String previous = Files.exists(checksFile) ? Files.readString(checksFile, StandardCharsets.UTF_8) : null;
        if (writeChecks && validator == null) {
            problems.add(file + ": checker blocks: the health checks are not installed here, so they cannot be "
                    + "validated; import them where the lb role runs with its health checks");
        } else if (writeChecks) {
            List<ConfNode> whole = new ArrayList<>();
            try {
                if (previous != null) {
                    whole.addAll(KeepalivedConfParser.parse(previous, checksFile.toString()));
                }
                whole.addAll(imported);
                problems.addAll(validator.validate(whole));
            } catch (KeepalivedConfException e) {
                problems.add(e.getMessage() + " (the checks file in force; fix it first)");
            }
        }
        ConfigProblems.throwIfAny(problems);
        int servers = r.services().stream().mapToInt(s -> s.servers().size()).sum();
        if (dryRun) {
            return new Outcome(r, servers, checksFile, false);
        }
        if (writeChecks) {
            write(checksFile, (previous == null ? "" : previous) + "# imported from " + file + "\n"
                    + KeepalivedLbImport.checksText(r));
        }
        try {
            lb.replaceAll(next);
        } catch (IllegalArgumentException e) {
            if (writeChecks) {
                restore(previous);
            }
            throw e;
        }
        return new Outcome(r, servers, checksFile, writeChecks);
    }

    /**
     * The services' problems, and in the same round those of the checker blocks, which the health checks
     * validate as written (only problems inside checker blocks: the rest is the services' to report).
     */
    private List<String> withCheckerProblems(List<String> serviceProblems, List<ConfNode> top) {
        List<String> all = new ArrayList<>(serviceProblems);
        if (validator == null) {
            return all;
        }
        Set<String> checkerLines = new HashSet<>();
        List<ConfNode> raw = KeepalivedLbImport.rawCheckStatements(top, checkerLines);
        for (String p : validator.validate(raw)) {
            Matcher m = WHERE.matcher(p);
            if (m.lookingAt() && checkerLines.contains(m.group(1)) && !all.contains(p)) {
                all.add(p);
            }
        }
        return all;
    }

    /** "file:line: ..." */
    private static final Pattern WHERE = Pattern.compile("(.*?:\\d+): ");

    /** Problems sorted by file and line, as the operator reads the file. */
    private static List<String> inFileOrder(List<String> problems) {
        List<String> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((String p) -> {
            Matcher m = WHERE.matcher(p);
            return m.lookingAt() ? m.group(1).substring(0, m.group(1).lastIndexOf(':')) : p;
        }).thenComparingInt(p -> {
            Matcher m = WHERE.matcher(p);
            return m.lookingAt() ? Integer.parseInt(m.group(1).substring(m.group(1).lastIndexOf(':') + 1)) : 0;
        }));
        return sorted;
    }

    private void restore(String previous) throws IOException {
        if (previous == null) {
            Files.deleteIfExists(checksFile);
        } else {
            write(checksFile, previous);
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
