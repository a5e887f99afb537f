package org.dsas.keepalived.conf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads keepalived.conf syntax: a keyword and its words on one line, an optional
 * {@code { ... }} block (braces may share lines with statements), comments from
 * {@code #} or {@code !} to the end of the line, double-quoted words. It knows
 * no keyword: the importers decide what each means and report what they do not
 * support. {@code include} is reported, not followed.
 */
public final class KeepalivedConfParser {

    private KeepalivedConfParser() {
    }

    /** The top-level statements. */
    public static List<ConfNode> parse(String text, String source) throws KeepalivedConfException {
        Deque<List<ConfNode>> stack = new ArrayDeque<>();
        Deque<Integer> openedAt = new ArrayDeque<>();
        List<ConfNode> top = new ArrayList<>();
        stack.push(top);
        List<String> words = new ArrayList<>();
        int wordsLine = 0;
        ConfNode last = null;
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            char c = i < n ? text.charAt(i) : '\n';
            if (c == '\n' || c == '{' || c == '}' || i == n) {
                if (!words.isEmpty()) {
                    last = new ConfNode(words.get(0), List.copyOf(words.subList(1, words.size())), new ArrayList<>(),
                            source, wordsLine);
                    stack.peek().add(last);
                    words.clear();
                } else if (c != '{') {
                    last = c == '\n' ? last : null;
                }
                if (c == '{') {
                    if (last == null) {
                        throw new KeepalivedConfException(source, line, "'{' without a keyword before it");
                    }
                    stack.push(last.children());
                    openedAt.push(line);
                    last = null;
                } else if (c == '}') {
                    if (stack.size() == 1) {
                        throw new KeepalivedConfException(source, line, "'}' without a matching '{'");
                    }
                    stack.pop();
                    openedAt.pop();
                    last = null;
                } else if (c == '\n') {
                    line++;
                }
                i++;
                continue;
            }
            if (c == '#' || c == '!') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder w = new StringBuilder();
            if (c == '"') {
                int start = line;
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\n') {
                        throw new KeepalivedConfException(source, start, "unterminated quoted string");
                    }
                    w.append(text.charAt(i++));
                }
                if (i >= n) {
                    throw new KeepalivedConfException(source, start, "unterminated quoted string");
                }
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "{}#!".indexOf(text.charAt(i)) < 0) {
                    w.append(text.charAt(i++));
                }
            }
            if (words.isEmpty()) {
                wordsLine = line;
            }
            words.add(w.toString());
        }
        if (stack.size() > 1) {
            throw new KeepalivedConfException(source, openedAt.peek(), "'{' is never closed");
        }
        return top;
    }
}
