package org.dsas.core.internal;

import java.util.Base64;
import java.util.Set;

/**
 * One OpenSSH public key line ({@code type base64 [comment]}), checked for what
 * Karaf's key login accepts: RSA, DSA and ECDSA keys (not ed25519).
 */
record AuthorizedKey(String type, String blob, String comment) {

    static final Set<String> SUPPORTED = Set.of("ssh-rsa", "ssh-dss",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    /** @throws IllegalArgumentException with one line naming the problem */
    static AuthorizedKey parse(String line) {
        String[] parts = line.trim().split("\\s+", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key line (expected '<type> <base64> [comment]')");
        }
        String type = parts[0];
        if (type.equals("ssh-ed25519")) {
            throw new IllegalArgumentException("ssh-ed25519 keys are not supported by Karaf's key login;"
                    + " use an ecdsa or rsa key (ssh-keygen -t ecdsa)");
        }
        if (!SUPPORTED.contains(type)) {
            throw new IllegalArgumentException("key type '" + type + "' is not supported (use one of "
                    + String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ")");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key data is not base64");
        }
        // The blob starts with its own type name: a pasted key with a mismatched type is refused here.
        if (decoded.length < 4) {
            throw new IllegalArgumentException("the key data is truncated");
        }
        int len = ((decoded[0] & 0xff) << 24) | ((decoded[1] & 0xff) << 16) | ((decoded[2] & 0xff) << 8) | (decoded[3] & 0xff);
        if (len <= 0 || len > decoded.length - 4 || !new String(decoded, 4, len, java.nio.charset.StandardCharsets.US_ASCII).equals(type)) {
            throw new IllegalArgumentException("the key data does not match its type '" + type + "'");
        }
        return new AuthorizedKey(type, parts[1], parts.length > 2 ? parts[2] : "");
    }

    String line() {
        return type + " " + blob + (comment.isEmpty() ? "" : " " + comment);
    }
}
