package org.dsas.lb.nftables;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.dsas.lb.dataplane.DataplaneException;
import org.dsas.lb.dataplane.DataplaneException.Reason;

/**
 * Runs the nft binary through a command prefix ({@code ["nft"]} in production, {@code ["ip", "netns", "exec",
 * ns, "nft"]} in tests) and turns its stderr into one line and a {@link Reason}.
 */
final class NftCommand {

    private static final long TIMEOUT_SECONDS = 30;

    private final List<String> prefix;

    NftCommand(List<String> prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty nft command");
        }
        this.prefix = List.copyOf(prefix);
    }

    List<String> prefix() {
        return prefix;
    }

    /** What one nft run returned. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    /** Runs {@code nft -f -} with {@code script}: one atomic transaction. */
    void apply(String what, String script) throws DataplaneException {
        Result r = run(List.of("-f", "-"), script);
        if (!r.ok()) {
            String line = condense(r.err());
            throw new DataplaneException(reason(line), what + ": " + line);
        }
    }

    /** {@code nft -j list table inet dsas_lb}; empty when the table does not exist. */
    String listTable() throws DataplaneException {
        Result r = run(List.of("-j", "list", "table", NftablesRuleset.FAMILY, NftablesRuleset.TABLE), "");
        if (r.ok()) {
            return r.out();
        }
        String line = condense(r.err());
        if (reason(line) == Reason.MISSING) {
            return "";
        }
        throw new DataplaneException(reason(line), "list table " + NftablesRuleset.T + ": " + line);
    }

    Result run(List<String> args, String stdin) throws DataplaneException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new DataplaneException(Reason.FAILED, "cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nft exited early; its stderr says why
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DataplaneException(Reason.FAILED, String.join(" ", cmd) + ": no answer within "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new DataplaneException(Reason.FAILED, String.join(" ", cmd) + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DataplaneException(Reason.FAILED, String.join(" ", cmd) + ": " + e.getCause(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /**
     * nft's stderr ("/dev/stdin:3:1-30: Error: Could not process rule: File exists", the command, carets) as one
     * line: each error's text with the command it names, "; "-joined.
     */
    static String condense(String stderr) {
        String[] lines = stderr.split("\n");
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf("Error: ");
            if (at < 0) {
                continue;
            }
            String text = lines[i].substring(at + "Error: ".length()).trim();
            boolean located = at > 0; // "file:line:col: Error:" is followed by the command and carets
            if (located && i + 1 < lines.length && !lines[i + 1].isBlank() && !lines[i + 1].contains("Error: ")) {
                text += " (" + lines[i + 1].trim() + ")";
            }
            if (!parts.contains(text)) {
                parts.add(text);
            }
        }
        if (parts.isEmpty()) {
            String s = stderr.strip().replace('\n', ' ');
            return s.isEmpty() ? "nft failed without a message" : s;
        }
        return String.join("; ", parts);
    }

    static Reason reason(String line) {
        if (line.contains("File exists")) {
            return Reason.EXISTS;
        }
        if (line.contains("No such file or directory")) {
            return Reason.MISSING;
        }
        if (line.contains("Operation not permitted") || line.contains("Permission denied")) {
            return Reason.PERMISSION;
        }
        if (line.contains("syntax error") || line.contains("Invalid argument")) {
            return Reason.INVALID;
        }
        return Reason.FAILED;
    }
}
