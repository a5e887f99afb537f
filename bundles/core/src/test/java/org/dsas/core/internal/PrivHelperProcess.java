package org.dsas.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.dsas.testsupport.Gate;

/**
 * The real {@code bin/dsas-privhelper} of the assembly's overlay, run by a test as the current user on a
 * directory of its own ({@code serve <dir> <user>}); its stderr goes to a file beside the directory.
 */
final class PrivHelperProcess implements AutoCloseable {

    static final String SCRIPT = "karaf-assembly/src/main/overlay/bin/dsas-privhelper";
    static final String USER = System.getProperty("user.name");

    final Path dir;
    final Path log;
    private Process process;

    /** A helper directory {@code <parent>/privileged} (mode 0755) with this mounts file (mode 0644). */
    PrivHelperProcess(Path parent, String mounts) throws IOException {
        Gate.requireTools("privileged helper (bash script)", false, "bash", "findmnt", "mkfifo", "flock", "stat",
                "timeout");
        dir = Files.createDirectories(parent.resolve("privileged"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("mounts"), mounts);
        Files.setPosixFilePermissions(dir.resolve("mounts"), PosixFilePermissions.fromString("rw-r--r--"));
        log = parent.resolve("privhelper.log");
    }

    static Path script() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(SCRIPT);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(SCRIPT + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Starts {@code serve} and returns once its FIFOs are there; fails with its log if it exits first. */
    PrivHelperProcess start() throws IOException {
        process = new ProcessBuilder("bash", script().toString(), "serve", dir.toString(), USER)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        await("the helper's FIFOs in " + dir, Duration.ofSeconds(20),
                () -> Files.exists(dir.resolve("request")) && Files.exists(dir.resolve("reply")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("the helper exited with " + process.exitValue() + ": " + log());
        }
        return this;
    }

    /** Runs {@code serve} to its end (a configuration it refuses); returns the exit status. */
    int runToEnd() throws Exception {
        process = new ProcessBuilder("bash", script().toString(), "serve", dir.toString(), USER)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the helper did not exit within 20 s: " + log());
        }
        return process.exitValue();
    }

    /** {@code check <dir>}: its output and exit status. */
    Result check() throws Exception {
        Process p = new ProcessBuilder("bash", script().toString(), "check", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("check did not exit within 20 s");
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String out) {
    }

    /** SIGTERM (what bin/dsas-run sends when Karaf exits), then waits for the end. */
    void terminate() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            String proc = "";
            for (String f : List.of("status", "wchan", "stack")) {
                try {
                    proc += "\n/proc/" + process.pid() + "/" + f + ":\n" + Files.readString(Path.of("/proc/"
                            + process.pid() + "/" + f));
                } catch (IOException e) {
                    proc += "\n" + f + ": " + e;
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the helper ignored SIGTERM for 20 s; its log:\n" + log() + proc);
        }
    }

    /** SIGKILL: the helper gets no chance to remove its FIFOs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    List<String> logLines() throws IOException {
        return new ArrayList<>(log().lines().toList());
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (alive()) {
            terminate();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted awaiting " + what);
            }
        }
    }
}
