package org.dsas.kernel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short system command (ip, sysctl) with a time limit, for the real-kernel tests. */
final class Command {

    private static final long TIMEOUT_SECONDS = 20;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Command() {
    }

    /** Runs the command and fails with its stderr unless it exits 0. */
    static String check(String... command) throws IOException {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + result.exitCode() + ": "
                    + result.stderr().strip());
        }
        return result.stdout();
    }

    static Result run(String... command) throws IOException {
        Path out = Files.createTempFile("dk-cmd", ".out");
        Path err = Files.createTempFile("dk-cmd", ".err");
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
