package org.dsas.core.api;

import java.util.regex.Pattern;

/**
 * How an error message may quote what it read from a file. An operator can point an import at any file, so a file
 * that fails to parse is reported by name, line number and problem, and a word of it is shown only when it looks
 * like configuration (short, no characters that configuration never holds); anything else, such as a password hash,
 * a key or a token, is replaced by its length. One rule for every parser, so none of them leaks a file.
 */
public final class FileQuote {

    /** The longest word shown. */
    public static final int MAX_SHOWN = 40;

    private static final Pattern SHOWN = Pattern.compile("[A-Za-z0-9_.,:/@%+=\\[\\]-]{1," + MAX_SHOWN + "}");

    private FileQuote() {
    }

    /** The word in single quotes, or "(a word of N characters, not shown)". */
    public static String word(String text) {
        if (text == null) {
            return "(nothing)";
        }
        if (SHOWN.matcher(text).matches()) {
            return "'" + text + "'";
        }
        return "(a word of " + text.length() + " characters, not shown)";
    }

    /** True when {@link #word} shows the text itself. */
    public static boolean shown(String text) {
        return text != null && SHOWN.matcher(text).matches();
    }
}
