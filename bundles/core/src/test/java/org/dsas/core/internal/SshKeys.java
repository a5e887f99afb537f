package org.dsas.core.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/** Test helper: real public keys in OpenSSH's wire format (RFC 4253 section 6.6, RFC 5656 section 3.1). */
final class SshKeys {

    private SshKeys() {
    }

    /** A fresh ecdsa-sha2-nistp256 key line: {@code ecdsa-sha2-nistp256 <base64> <comment>}. */
    static String ecdsaLine(String comment) {
        return "ecdsa-sha2-nistp256 " + base64(ecdsaBlob()) + " " + comment;
    }

    /** A fresh ssh-rsa key line. */
    static String rsaLine(String comment) {
        return "ssh-rsa " + base64(rsaBlob()) + " " + comment;
    }

    static byte[] ecdsaBlob() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) gen.generateKeyPair().getPublic();
            byte[] point = new byte[65];
            point[0] = 0x04; // uncompressed point
            System.arraycopy(unsigned(key.getW().getAffineX(), 32), 0, point, 1, 32);
            System.arraycopy(unsigned(key.getW().getAffineY(), 32), 0, point, 33, 32);
            return concat(string("ecdsa-sha2-nistp256"), string("nistp256"), string(point));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] rsaBlob() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(1024);
            RSAPublicKey key = (RSAPublicKey) gen.generateKeyPair().getPublic();
            return concat(string("ssh-rsa"), mpint(key.getPublicExponent()), mpint(key.getModulus()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An ed25519 blob of the right shape (type + 32 key bytes). */
    static byte[] ed25519Blob() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return concat(string("ssh-ed25519"), string(key));
    }

    static String base64(byte[] blob) {
        return Base64.getEncoder().encodeToString(blob);
    }

    static byte[] string(String s) {
        return string(s.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] string(byte[] data) {
        return concat(uint32(data.length), data);
    }

    static byte[] uint32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] mpint(BigInteger v) {
        return string(v.toByteArray()); // two's complement, big-endian, with a leading 0 when the top bit is set
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
