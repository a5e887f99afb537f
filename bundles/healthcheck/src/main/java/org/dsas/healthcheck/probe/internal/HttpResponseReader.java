package org.dsas.healthcheck.probe.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The response side of one HTTP_GET/SSL_GET request, fed the bytes as they arrive: the status code
 * from the status line and the MD5 of the body exactly as keepalived's checker and genhash compute
 * it: the bytes after the blank line ending the headers, as received (a chunked body is hashed with
 * its chunk framing: keepalived does not decode it), cut at Content-Length when the header is there.
 */
final class HttpResponseReader {

    static final int MAX_HEADER_BYTES = 65_536;
    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final MessageDigest md5;
    private boolean headersDone;
    private int status = -1;
    private long contentLength = -1;
    private long bodyBytes;

    HttpResponseReader() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** Takes the next bytes of the response; throws IllegalStateException on headers over 64 KiB. */
    void feed(ByteBuffer bytes) {
        if (!headersDone) {
            int before = head.size();
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            head.write(chunk, 0, chunk.length);
            byte[] all = head.toByteArray();
            int end = indexOf(all, END_OF_HEADERS, Math.max(0, before - 3));
            if (end < 0) {
                if (all.length > MAX_HEADER_BYTES) {
                    throw new IllegalStateException("response headers over " + MAX_HEADER_BYTES + " bytes");
                }
                return;
            }
            headersDone = true;
            String headers = new String(all, 0, end, StandardCharsets.ISO_8859_1);
            status = statusCode(headers);
            contentLength = contentLength(headers);
            body(ByteBuffer.wrap(all, end + 4, all.length - end - 4));
            return;
        }
        body(bytes);
    }

    private void body(ByteBuffer bytes) {
        long take = bytes.remaining();
        if (contentLength >= 0) {
            take = Math.max(0, Math.min(take, contentLength - bodyBytes));
        }
        bytes.limit(bytes.position() + (int) take);
        md5.update(bytes);
        bodyBytes += take;
    }

    boolean headersDone() {
        return headersDone;
    }

    /** The status code of the status line; -1 when it is not "HTTP/x.y NNN". */
    int status() {
        return status;
    }

    /** Whether the whole body announced by Content-Length has arrived (false without the header). */
    boolean complete() {
        return headersDone && contentLength >= 0 && bodyBytes >= contentLength;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    long contentLength() {
        return contentLength;
    }

    /** The body's MD5 in lower-case hex (call once, at the end). */
    String digestHex() {
        return HexFormat.of().formatHex(md5.digest());
    }

    static int statusCode(String headers) {
        int eol = headers.indexOf("\r\n");
        String line = eol < 0 ? headers : headers.substring(0, eol);
        if (!line.startsWith("HTTP/")) {
            return -1;
        }
        String[] words = line.split(" +", 3);
        if (words.length < 2 || !words[1].matches("\\d{3}")) {
            return -1;
        }
        return Integer.parseInt(words[1]);
    }

    static long contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
