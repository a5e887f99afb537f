package org.dsas.testsupport.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A long-running process the rig started inside a host ({@code ip netns exec <ns> <command>}: {@code ip} execs the
 * command after entering the namespace, so {@link #pid()} is the command's own pid). Its stdout and stderr go,
 * interleaved, to {@link #log}. The rig ends it (and its whole process tree) at close.
 */
public final class Proc {

    public final Host host;
    public final String name;
    public final List<String> command;
    /** stdout and stderr of the process. */
    public final Path log;
    private final Process process;

    Proc(Host host, String name, List<String> command, Path log, Process process) {
        this.host = host;
        this.name = name;
        this.command = command;
        this.log = log;
        this.process = process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** The process's output so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Sends a signal (e.g. "TERM", "KILL", "HUP") to the process itself, not its children. */
    public void signal(String signal) {
        if (!signal.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("signal: " + signal);
        }
        // the shell's kill builtin: no dependency on procps
        Cmd.run(Duration.ofSeconds(5), List.of(Cmd.tool("sh"), "-c", "kill -" + signal + " " + pid())).orThrow();
    }

    /** SIGTERM to the process tree, up to 10 s to exit, then SIGKILL. */
    public void stop() {
        stop(Duration.ofSeconds(10));
    }

    public void stop(Duration grace) {
        Cmd.killTree(process.toHandle(), grace);
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGKILL to the process tree at once (a crash: the process cleans nothing up). */
    public void kill() {
        Cmd.killTree(process.toHandle(), Duration.ZERO);
        waitFor(Duration.ofSeconds(10));
    }

    /** Waits for the process to exit; its exit code, or -1 if it is still running after {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@link #output()} contains {@code text}; fails early, with the output, if the process exits. */
    public void awaitOutput(String text, Duration timeout) {
        await("output of " + this + " to contain '" + text + "'", timeout, () -> output().contains(text));
    }

    /** Polls {@code condition} every 100 ms; throws with this process's output if it dies or time runs out. */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (!isAlive()) {
                if (condition.getAsBoolean()) {
                    return;
                }
                throw new IllegalStateException("waiting for " + what + ": " + this + " exited with "
                        + process.exitValue() + "; output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waiting for " + what + ": not within " + timeout.toSeconds()
                        + " s; output of " + this + ":\n" + output());
            }
            Cmd.sleep(100);
        }
    }

    @Override
    public String toString() {
        return name + "@" + host.name + " (pid " + pid() + ")";
    }
}
