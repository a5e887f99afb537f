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

    /**
     * A message about a file, with every word of that file that {@link #word} would not show replaced by its
     * length: applied where a command prints what a parser said about a file the operator named, so no parser can
     * leak what it quoted. Words are runs without white space, quotes, parentheses, commas or semicolons.
     */
    public static String redact(String message, String fileText) {
        if (message == null || fileText == null || fileText.isEmpty()) {
            return message;
        }
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = WORD.matcher(message);
        int last = 0;
        while (m.find()) {
            String w = m.group();
            out.append(message, last, m.start());
            out.append(!SHOWN.matcher(w).matches() && fileText.contains(w)
                    ? "(a word of " + w.length() + " characters, not shown)" : w);
            last = m.end();
        }
        return out.append(message.substring(last)).toString();
    }

    private static final Pattern WORD = Pattern.compile("[^\\s'\"(),;]+");

    /** True when {@link #word} shows the text itself. */
    public static boolean shown(String text) {
        return text != null && SHOWN.matcher(text).matches();
    }
}
