import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a JVM {@code function.zip} so that its {@code lib/} holds one jar instead of one per dependency.
 * <p>
 * Why: the Lambda Java runtime loads classes with a URLClassLoader over {@code lib/*.jar}, which looks a class up
 * in one jar after another; with 150 jars, every one of the 6,000-7,000 classes a cold start loads pays for the
 * search, and every jar keeps its own open file and central directory. One jar cut a cold start's first response
 * by about 9 % and its memory by 15 % (bench/RESULTS.md).
 * <p>
 * The merged jar keeps the first copy of a file in the jars' sorted order (the order the class path had), joins
 * the {@code META-INF/services} files of all jars, is multi-release (six jars are), and leaves out what only
 * described a single jar: manifests, signatures, {@code INDEX.LIST} (a jar index would send lookups to jars that
 * no longer exist) and {@code module-info} (ignored on a class path). A zip without {@code lib/*.jar} (the native
 * build) is left as it is.
 * <p>
 * Run by the build after Quarkus packages the function: {@code java infra/MergeFunctionJars.java target/function.zip}.
 */
public class MergeFunctionJars {

    static final String MERGED = "lib/pagos-dependencies.jar";

    public static void main(String[] args) throws IOException {
        Path zip = Path.of(args[0]);
        if (!Files.exists(zip)) {
            System.out.println("MergeFunctionJars: no " + zip + "; nothing to do");
            return;
        }
        Path rewritten = zip.resolveSibling(zip.getFileName() + ".merging");
        int jars;
        try (ZipFile in = new ZipFile(zip.toFile())) {
            List<ZipEntry> libs = new ArrayList<>();
            in.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("lib/") && e.getName().endsWith(".jar"))
                    .sorted(Comparator.comparing(ZipEntry::getName)).forEach(libs::add);
            jars = libs.size();
            if (jars <= 1) {
                System.out.println("MergeFunctionJars: " + zip + " has " + jars + " jar(s) in lib/; left as it is");
                return;
            }
            byte[] merged = merge(in, libs);
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
                Set<String> copied = new HashSet<>();
                for (ZipEntry entry : in.stream().toList()) {
                    // Quarkus's zip lists some directories twice; a zip entry name may appear once.
                    if (entry.getName().startsWith("lib/") || !copied.add(entry.getName())) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    if (!entry.isDirectory()) {
                        try (InputStream data = in.getInputStream(entry)) {
                            data.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
                out.putNextEntry(new ZipEntry(MERGED));
                out.write(merged);
                out.closeEntry();
            }
        }
        Files.move(rewritten, zip, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("MergeFunctionJars: " + jars + " jars of " + zip + " merged into " + MERGED);
    }

    private static byte[] merge(ZipFile zip, List<ZipEntry> libs) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        Set<String> written = new HashSet<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            written.add("META-INF/MANIFEST.MF");
            for (ZipEntry lib : libs) {
                try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(lib))) {
                    for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                        String name = entry.getName();
                        if (entry.isDirectory() || describesOneJar(name)) {
                            continue;
                        }
                        if (name.startsWith("META-INF/services/")) {
                            ByteArrayOutputStream service = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                            jar.transferTo(service);
                            service.write('\n');
                        } else if (written.add(name)) {
                            out.putNextEntry(new ZipEntry(name));
                            jar.transferTo(out);
                            out.closeEntry();
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> service : services.entrySet()) {
                out.putNextEntry(new ZipEntry(service.getKey()));
                service.getValue().writeTo(out);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static boolean describesOneJar(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.equals("META-INF/MANIFEST.MF") || upper.equals("META-INF/INDEX.LIST")
                || upper.startsWith("META-INF/") && !upper.substring(9).contains("/")
                        && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC"))
                || name.equals("module-info.class") || name.matches("META-INF/versions/\\d+/module-info\\.class");
    }
}
