package org.dsas.healthcheck.probe.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeResult;

/**
 * FILE_CHECK with keepalived's track_file semantics, the file re-read on every attempt: its content
 * is an integer. Without a weight (or weight 0) the value 0 passes and any other value fails. With
 * {@code weight n [reverse]} the attempt passes with weight value * n (negated with reverse), clamped
 * to 0..65535; a value that is not an integer, or a missing file, fails.
 */
final class FileProbe implements Probe {

    static final int MAX_WEIGHT = 65_535;
    private final Path file;
    private final int multiplier;
    private final boolean reverse;

    FileProbe(Path file, int multiplier, boolean reverse) {
        this.file = file;
        this.multiplier = multiplier;
        this.reverse = reverse;
    }

    @Override
    public String type() {
        return "FILE_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        long start = System.nanoTime();
        return CompletableFuture.completedFuture(judge(start));
    }

    private ProbeResult judge(long start) {
        String text;
        try {
            // a status file is a few bytes: reading it on the caller's thread is cheaper than a hand-off
            byte[] bytes = Files.readAllBytes(file);
            text = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return ProbeResult.fail("cannot read " + file + ": " + Attempt.oneLine(e), System.nanoTime() - start);
        }
        long value;
        try {
            value = Long.parseLong(text.split("\\s+", 2)[0]);
        } catch (NumberFormatException e) {
            return ProbeResult.fail(file + " holds no integer: '" + text + "'", System.nanoTime() - start);
        }
        long nanos = System.nanoTime() - start;
        if (multiplier == 0) {
            return value == 0 ? ProbeResult.pass(file + " is 0", nanos)
                    : ProbeResult.fail(file + " is " + value, nanos);
        }
        long weight = Math.max(0, Math.min(MAX_WEIGHT, value * multiplier * (reverse ? -1 : 1)));
        return new ProbeResult(true, file + " is " + value + ": weight " + weight, nanos, (int) weight);
    }
}
