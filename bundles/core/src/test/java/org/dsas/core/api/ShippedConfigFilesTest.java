package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every configuration file shipped in the top-level etc/ (org.dsas.*.cfg and the .cfg.sample files
 * operators copy) is read, in its bundle's unit tests, through the component's own check
 * ({@link ConfigCheck} or the parser that owns the file), and must pass with no unknown key: a key
 * nobody reads fails that test. This test makes sure no shipped file escapes: a new file needs such a
 * test ("../../etc/&lt;file&gt;" in the test sources of the bundle that reads it).
 */
class ShippedConfigFilesTest {

    private static final Path ROOT = Path.of("../..");

    @Test
    void everyShippedDsasConfigurationFileIsCheckedByTheBundleThatReadsIt() throws IOException {
        List<String> shipped;
        try (Stream<Path> files = Files.list(ROOT.resolve("etc"))) {
            shipped = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("org.dsas.") && (n.endsWith(".cfg") || n.endsWith(".cfg.sample")))
                    .sorted().toList();
        }
        assertTrue(shipped.contains("org.dsas.lb.proxy.cfg"), shipped::toString);
        List<String> tests;
        try (Stream<Path> all = Files.walk(ROOT.resolve("bundles"))) {
            tests = all.filter(p -> p.toString().contains("/src/test/") && p.toString().endsWith(".java"))
                    .map(ShippedConfigFilesTest::read).toList();
        }
        List<String> unchecked = shipped.stream()
                .filter(name -> tests.stream().noneMatch(t -> t.contains("../../etc/" + name + "\"")
                        || t.contains("sample(\"" + name + "\")")))
                .toList();
        assertEquals(List.of(), unchecked, "shipped configuration files no unit test reads through its component");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
