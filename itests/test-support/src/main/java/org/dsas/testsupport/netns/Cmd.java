package org.dsas.testsupport.netns;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs local commands; finds tools; kills process trees. */
public final class Cmd {

    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private Cmd() {
    }

    /** The absolute path of a tool, searched on PATH and in the sbin directories (root's tools live there). */
    public static Optional<Path> which(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(SBIN);
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #which} but throws when the tool is missing. */
    public static String tool(String name) {
        return which(name).map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("'" + name + "' not found on PATH or in " + SBIN));
    }

    /** Runs a command to its end (stdin from /dev/null), killing its process tree after {@code timeout}. */
    public static ExecResult run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    public static ExecResult run(Duration timeout, List<String> command, Map<String, String> env) {
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: a command that leaves a background child holding stdout must not hang us.
            out = Files.createTempFile("dsas-cmd-", ".out");
            err = Files.createTempFile("dsas-cmd-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            int exit;
            String note = "";
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
            } else {
                killTree(p.toHandle(), Duration.ZERO);
                exit = 124;
                note = "\n[dsas rig: timed out after " + timeout.toSeconds() + " s and killed]";
            }
            return new ExecResult(List.copyOf(command), exit, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8) + note);
        } catch (IOException e) {
            return new ExecResult(List.copyOf(command), 127, "", "[dsas rig: cannot run: " + e + "]");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Ends a process and all its descendants (snapshotted first, so children re-parented when their parent
     * dies are still found): SIGTERM to every one, up to {@code grace} to exit, then SIGKILL to the rest.
     */
    public static void killTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> all = Stream.concat(Stream.of(root), root.descendants()).toList();
        if (!grace.isZero()) {
            all.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + grace.toNanos();
            for (ProcessHandle h : all) {
                while (h.isAlive() && System.nanoTime() < deadline) {
                    sleep(50);
                }
            }
        }
        // Descendants may have appeared meanwhile (a shell starting a command): include them too.
        List<ProcessHandle> rest = Stream.concat(all.stream(), all.stream().flatMap(ProcessHandle::descendants))
                .filter(ProcessHandle::isAlive).distinct().toList();
        rest.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : rest) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's checks
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
