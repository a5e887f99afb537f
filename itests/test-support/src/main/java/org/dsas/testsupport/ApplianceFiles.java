package org.dsas.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files of a private appliance copy, shared by the system tests and the namespace rig. */
public final class ApplianceFiles {

    private ApplianceFiles() {
    }

    /** Copies a built appliance without its data/ contents: a fresh box, no cache, no log of an earlier run. */
    public static void copyFresh(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("data") && rel.getNameCount() > 1) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Sets {@code key = value} in a properties-style file, replacing the key's line or appending one. */
    public static void setProperty(Path file, String key, String value) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        String line = key + " = " + value;
        Pattern pattern = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$");
        if (pattern.matcher(text).find()) {
            text = pattern.matcher(text).replaceAll(Matcher.quoteReplacement(line));
        } else {
            text = text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + line + "\n";
        }
        Files.writeString(file, text);
    }

    /** Appends one line, starting a new line if the file does not end with one. */
    public static void appendLine(Path file, String line) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        Files.writeString(file, text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + line + "\n");
    }

    /** Deletes a directory tree if it exists. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
