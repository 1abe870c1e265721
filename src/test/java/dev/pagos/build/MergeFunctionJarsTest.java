package dev.pagos.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build step that gives function.zip one jar in lib/ (infra/MergeFunctionJars.java), run as the build runs it. */
class MergeFunctionJarsTest {

    @TempDir
    Path dir;

    @Test
    void theJarsBecomeOneThatKeepsTheClassPathOrderAndEveryService() throws Exception {
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put("dev/pagos/App.class", bytes("app"));
        zip.put("META-INF/services/org.example.Spi", bytes("dev.pagos.OwnImpl"));
        zip.put("lib/b-second.jar", jar(Map.of(
                "org/example/Shared.class", bytes("from b"),
                "org/example/OnlyB.class", bytes("b"),
                "META-INF/versions/11/org/example/OnlyB.class", bytes("b for 11"),
                "META-INF/services/org.example.Spi", bytes("org.example.ImplB"))));
        zip.put("lib/a-first.jar", jar(Map.of(
                "org/example/Shared.class", bytes("from a"),
                "META-INF/INDEX.LIST", bytes("JarIndex-Version: 1.0\n\na-first.jar\norg/example\n"),
                "META-INF/A.SF", bytes("signature"),
                "module-info.class", bytes("module"),
                "META-INF/services/org.example.Spi", bytes("org.example.ImplA\n"))));
        Path function = write("function.zip", zip);

        assertEquals(0, merge(function));

        try (ZipFile merged = new ZipFile(function.toFile())) {
            List<String> names = merged.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("dev/pagos/App.class", "META-INF/services/org.example.Spi", "lib/pagos-dependencies.jar"), names,
                    "the function's own files stay; the two jars are gone, one is in their place");
            assertEquals("dev.pagos.OwnImpl", read(merged, "META-INF/services/org.example.Spi"),
                    "the application's own service files are not touched");
            Map<String, String> jar = entries(merged.getInputStream(merged.getEntry("lib/pagos-dependencies.jar")).readAllBytes());
            assertEquals("from a", jar.get("org/example/Shared.class"), "the first jar of the sorted class path wins");
            assertEquals("b", jar.get("org/example/OnlyB.class"));
            assertEquals("b for 11", jar.get("META-INF/versions/11/org/example/OnlyB.class"));
            String services = jar.get("META-INF/services/org.example.Spi");
            assertTrue(services.contains("org.example.ImplA") && services.contains("org.example.ImplB"),
                    "service files of all jars are joined: " + services);
            assertNull(jar.get("META-INF/INDEX.LIST"), "a jar index would point at jars that are gone");
            assertNull(jar.get("META-INF/A.SF"));
            assertNull(jar.get("module-info.class"));
            try (JarInputStream in = new JarInputStream(merged.getInputStream(merged.getEntry("lib/pagos-dependencies.jar")))) {
                assertEquals("true", in.getManifest().getMainAttributes().getValue("Multi-Release"));
            }
        }
    }

    @Test
    void aZipWithoutDependencyJarsIsLeftAsItIs() throws Exception {
        Path nativeZip = write("native.zip", Map.of("bootstrap", bytes("#!/bin/sh\n")));
        byte[] before = Files.readAllBytes(nativeZip);

        assertEquals(0, merge(nativeZip));

        assertArrayEquals(before, Files.readAllBytes(nativeZip));
        assertEquals(0, merge(dir.resolve("missing.zip")), "no zip (a build that made none) is not an error");
        assertFalse(Files.exists(dir.resolve("missing.zip")));
    }

    private static int merge(Path zip) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "infra/MergeFunctionJars.java", zip.toString()).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the merge finished");
        return process.exitValue();
    }

    private Path write(String name, Map<String, byte[]> entries) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, zipOf(entries));
        return path;
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        return zipOf(entries);
    }

    private static byte[] zipOf(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> entries(byte[] jar) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static String read(ZipFile zip, String name) throws IOException {
        return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
