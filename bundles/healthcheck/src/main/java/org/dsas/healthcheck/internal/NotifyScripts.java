package org.dsas.healthcheck.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.dsas.core.api.Scripts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify_up/notify_down and quorum_up/quorum_down scripts without holding a thread: the
 * process's exit is awaited through {@link Process#onExit()}, and a timer on the engine's scheduler
 * kills the process (and its children) at the timeout. Output is discarded, as keepalived does.
 */
public class NotifyScripts {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyScripts.class);

    /** How a script run ended. */
    public enum Outcome { EXITED_0, EXITED_NONZERO, KILLED_AT_TIMEOUT, NOT_STARTED }

    private final CheckScheduler scheduler;
    private volatile Duration timeout;

    public NotifyScripts(CheckScheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    void timeout(Duration t) {
        this.timeout = t;
    }

    /**
     * Starts {@code command} (split on blanks, as keepalived splits an unquoted script line) with
     * {@code args} appended; {@code what} names it in log lines ("notify_down of check[...]").
     */
    public CompletableFuture<Outcome> run(String command, List<String> args, String what) {
        List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
        argv.addAll(args);
        Process p;
        try {
            // without the appliance's capabilities, as the configured script user
            p = new ProcessBuilder(Scripts.command(argv)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | IllegalStateException e) {
            LOG.error("{}: cannot start {}: {}", what, argv.get(0), e.getMessage());
            return CompletableFuture.completedFuture(Outcome.NOT_STARTED);
        }
        Duration t = timeout;
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        CheckScheduler.Cancel kill = scheduler.schedule(() -> {
            if (p.isAlive()) {
                // Flagged before the kill, so the exit it causes is not reported as the script's own.
                killed.set(true);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.error("{}: {} did not exit within {} ms: killed", what, argv.get(0), t.toMillis());
                done.complete(Outcome.KILLED_AT_TIMEOUT);
            }
        }, t.toNanos());
        p.onExit().thenAccept(exited -> {
            kill.cancel();
            if (killed.get()) {
                return;
            }
            int code = exited.exitValue();
            if (code != 0) {
                LOG.warn("{}: {} exited {}", what, argv.get(0), code);
            }
            done.complete(code == 0 ? Outcome.EXITED_0 : Outcome.EXITED_NONZERO);
        });
        return done;
    }
}
