package org.dsas.healthcheck.probe.internal;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;

import org.dsas.core.api.Scripts;
import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;

/**
 * MISC_CHECK: runs misc_path (split into words as keepalived does, no shell) and judges its exit code:
 * 0 passes, anything else fails; with misc_dynamic 0 passes with the configured weight, 1 fails, 2..255
 * pass with weight code - 2. A script still running at misc_timeout is killed with its descendants
 * and fails. No thread waits for it: {@link Process#onExit()} completes the attempt. Its output is
 * discarded.
 */
final class MiscProbe implements Probe {

    private final List<String> command;
    private final Duration timeout;
    private final boolean dynamic;
    private final ProbeContext context;
    private volatile Process running;

    MiscProbe(List<String> command, Duration timeout, boolean dynamic, ProbeContext context) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
        this.dynamic = dynamic;
        this.context = context;
    }

    @Override
    public String type() {
        return "MISC_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        CompletableFuture<ProbeResult> result = new CompletableFuture<>();
        long start = System.nanoTime();
        String name = command.get(0);
        Process p;
        try {
            // without the appliance's capabilities, as the configured script user
            p = new ProcessBuilder(Scripts.command(command)).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            result.complete(ProbeResult.fail("cannot start " + name + ": " + Attempt.oneLine(e), System.nanoTime() - start));
            return result;
        }
        running = p;
        long ms = Math.max(1, timeout.toMillis());
        ScheduledFuture<?> killer = context.loops().schedule(() -> {
            if (p.isAlive()) {
                // the verdict first: the script may still exit on its own while its tree is being killed
                result.complete(ProbeResult.fail(name + " still running after " + ms + " ms: killed",
                        System.nanoTime() - start));
                List<ProcessHandle> tree = p.descendants().toList();
                p.destroyForcibly();
                tree.forEach(ProcessHandle::destroyForcibly);
            }
        }, ms, TimeUnit.MILLISECONDS);
        p.onExit().thenAccept(done -> {
            killer.cancel(false);
            running = null;
            result.complete(judge(name, done.exitValue(), System.nanoTime() - start));
        });
        return result;
    }

    ProbeResult judge(String name, int code, long nanos) {
        if (!dynamic) {
            return code == 0 ? ProbeResult.pass(name + " exited 0", nanos)
                    : ProbeResult.fail(name + " exited " + code, nanos);
        }
        if (code == 0) {
            return ProbeResult.pass(name + " exited 0", nanos);
        }
        if (code == 1) {
            return ProbeResult.fail(name + " exited 1", nanos);
        }
        if (code >= 2 && code <= 255) {
            return new ProbeResult(true, name + " exited " + code + ": weight " + (code - 2), nanos, code - 2);
        }
        return ProbeResult.fail(name + " ended with " + code + " (killed by a signal?)", nanos);
    }

    @Override
    public void close() {
        Process p = running;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** keepalived's word splitting of misc_path: blanks separate words; '...' and "..." group them. */
    static List<String> words(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote);
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
