package org.dsas.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DsasBundleDeployerTest {

    @TempDir
    Path dir;

    private Path jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new ZipEntry("readme.txt"));
            j.write("x".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void symbolicNameIsReadFromTheManifestWithoutDirectives() throws IOException {
        assertEquals("org.dsas.lb", DsasBundleDeployer.symbolicName(jar("lb.jar", " org.dsas.lb ; singleton:=true").toFile()));
        assertEquals("org.dsas.web", DsasBundleDeployer.symbolicName(jar("web.jar", "org.dsas.web").toFile()));
    }

    @Test
    void jarWithoutSymbolicNameOrNotAJarHasNone() throws IOException {
        assertNull(DsasBundleDeployer.symbolicName(jar("plain.jar", null).toFile()));
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertNull(DsasBundleDeployer.symbolicName(notAJar.toFile()));
        assertNull(DsasBundleDeployer.symbolicName(dir.resolve("missing.jar").toFile()));
    }
}
