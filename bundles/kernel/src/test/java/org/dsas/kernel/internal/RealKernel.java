package org.dsas.kernel.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The gate of the real-kernel tests: they need root and iproute2. Outside CI
 * they are skipped with the reason; in CI (CI=true) a missing prerequisite fails.
 */
final class RealKernel {

    private RealKernel() {
    }

    static void requireRootAndIp() {
        String missing = missing();
        if (missing == null) {
            return;
        }
        String message = "real-kernel tests need root and iproute2 ('ip'): " + missing;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + "; in CI they must run");
        }
        Assumptions.abort(message + "; skipped (set CI=true to make this a failure)");
    }

    private static String missing() {
        String uid = uid();
        if (!"0".equals(uid)) {
            return "running as uid " + uid;
        }
        try {
            Command.Result ip = Command.run("ip", "-V");
            return ip.exitCode() == 0 ? null : "'ip -V' exited " + ip.exitCode();
        } catch (IOException e) {
            return "no 'ip' command (" + e.getMessage() + ")";
        }
    }

    /** The effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }
}
