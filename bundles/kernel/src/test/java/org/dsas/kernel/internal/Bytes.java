package org.dsas.kernel.internal;

import java.util.HexFormat;

/** Hex fixtures in tests: whitespace and '|' separate fields for the reader and are ignored. */
final class Bytes {

    private Bytes() {
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
