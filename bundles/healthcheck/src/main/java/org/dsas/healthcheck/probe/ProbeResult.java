package org.dsas.healthcheck.probe;

/**
 * The outcome of one attempt: passed or not, one line saying why ("connect refused", "HTTP 503",
 * "digest mismatch"), how long it took, and a weight when the checker sets one (MISC_CHECK with
 * misc_dynamic, FILE_CHECK); -1 when it does not.
 */
public record ProbeResult(boolean ok, String detail, long latencyNanos, int weight) {

    public static ProbeResult pass(String detail, long latencyNanos) {
        return new ProbeResult(true, detail, latencyNanos, -1);
    }

    public static ProbeResult fail(String detail, long latencyNanos) {
        return new ProbeResult(false, detail, latencyNanos, -1);
    }
}
