package org.dsas.core.internal;

import static org.dsas.core.internal.SshKeys.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dsas.testsupport.Gate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthorizedKeyTest {

    private static String refused(String line) {
        return assertThrows(IllegalArgumentException.class, () -> AuthorizedKey.parse(line)).getMessage();
    }

    @Test
    void acceptsARealEcdsaKeyWithItsComment() {
        String blob = base64(SshKeys.ecdsaBlob());

        AuthorizedKey key = AuthorizedKey.parse("ecdsa-sha2-nistp256 " + blob + " ops@admin-laptop");

        assertEquals(new AuthorizedKey("ecdsa-sha2-nistp256", blob, "ops@admin-laptop"), key);
    }

    @Test
    void acceptsARealRsaKeyAndKeepsACommentWithSpaces() {
        String blob = base64(SshKeys.rsaBlob());

        AuthorizedKey key = AuthorizedKey.parse("  ssh-rsa  " + blob + "  my laptop key \n");

        assertEquals(new AuthorizedKey("ssh-rsa", blob, "my laptop key"), key);
    }

    @Test
    void keyWithoutCommentHasEmptyCommentAndNoTrailingSpace() {
        String blob = base64(SshKeys.ecdsaBlob());

        AuthorizedKey key = AuthorizedKey.parse("ecdsa-sha2-nistp256 " + blob);

        assertEquals("", key.comment());
        assertEquals("ecdsa-sha2-nistp256 " + blob, key.line());
    }

    @Test
    void lineWritesTypeBlobAndComment() {
        String line = SshKeys.rsaLine("ops@box");

        assertEquals(line, AuthorizedKey.parse("\t" + line.replace(" ", "   ") + " ").line());
    }

    @Test
    void acceptsKeysMadeBySshKeygen(@TempDir Path dir) throws Exception {
        Gate.requireTools("keys made by OpenSSH", false, "ssh-keygen");
        for (String type : List.of("ecdsa", "rsa")) {
            Path file = dir.resolve("id_" + type);
            Process p = new ProcessBuilder(Gate.which("ssh-keygen").toString(), "-q", "-t", type, "-N", "", "-C", "ops@" + type,
                    "-f", file.toString()).redirectErrorStream(true).start();
            assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "ssh-keygen finished");
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            String line = Files.readString(dir.resolve("id_" + type + ".pub"), StandardCharsets.UTF_8);

            AuthorizedKey key = AuthorizedKey.parse(line);

            assertEquals(type.equals("rsa") ? "ssh-rsa" : "ecdsa-sha2-nistp256", key.type());
            assertEquals("ops@" + type, key.comment());
            assertEquals(line.trim(), key.line());
        }
    }

    @Test
    void ed25519IsRefusedPointingToEcdsa() {
        String message = refused("ssh-ed25519 " + base64(SshKeys.ed25519Blob()) + " ops@box");

        assertEquals("ssh-ed25519 keys are not supported by Karaf's key login; use an ecdsa or rsa key "
                + "(ssh-keygen -t ecdsa)", message);
    }

    @Test
    void unknownTypeIsRefusedListingTheSupportedTypes() {
        assertEquals("key type 'ssh-foo' is not supported (use one of ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, "
                + "ecdsa-sha2-nistp521, ssh-dss, ssh-rsa)", refused("ssh-foo " + base64(SshKeys.string("ssh-foo"))));
    }

    @Test
    void dataThatIsNotBase64IsRefused() {
        assertEquals("the key data is not base64", refused("ssh-rsa not*base64! ops@box"));
    }

    @Test
    void blobWhoseEmbeddedTypeDiffersFromTheDeclaredTypeIsRefused() {
        String ecdsaBlob = base64(SshKeys.ecdsaBlob());

        assertEquals("the key data does not match its type 'ssh-rsa'", refused("ssh-rsa " + ecdsaBlob + " ops@box"));
        assertEquals("the key data does not match its type 'ecdsa-sha2-nistp384'",
                refused("ecdsa-sha2-nistp384 " + ecdsaBlob));
    }

    @Test
    void blobShorterThanItsLengthFieldIsRefused() {
        byte[] cut = SshKeys.concat(SshKeys.uint32(100), "ssh-rsa".getBytes(StandardCharsets.US_ASCII));

        assertEquals("the key data does not match its type 'ssh-rsa'", refused("ssh-rsa " + base64(cut)));
    }

    @Test
    void blobTooShortForALengthFieldIsRefused() {
        assertEquals("the key data is truncated", refused("ssh-rsa " + base64(new byte[] {0, 0})));
    }

    @Test
    void lineWithoutKeyDataIsRefused() {
        assertEquals("not an OpenSSH public key line (expected '<type> <base64> [comment]')", refused("ssh-rsa"));
        assertEquals("not an OpenSSH public key line (expected '<type> <base64> [comment]')", refused("   "));
    }
}
