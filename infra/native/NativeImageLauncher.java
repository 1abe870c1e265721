import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What GraalVM's {@code native-image} driver does before it starts the builder, for the arguments Quarkus passes
 * (infra/native/bin/native-image runs this with the Temurin 25 JDK; the driver itself is not on Maven Central):
 * <ul>
 * <li>{@code @argfile}s expanded; {@code -J<opt>} and {@code -D<prop>} go to the builder JVM;</li>
 * <li>{@code -jar <jar>}: the jar, its manifest {@code Class-Path}, {@code Main-Class}, {@code Add-Opens} and
 * {@code Add-Exports}; {@code -cp} entries;</li>
 * <li>the image name ({@code -o}, or the positional argument), its folder;</li>
 * <li>the driver's API options ({@code --features}, {@code --initialize-at-run-time}, ...) mapped onto the
 * builder's {@code -H:} options, as their {@code @APIOption} annotations in the svm jar declare;</li>
 * <li>{@code META-INF/native-image/**} of every class path entry: {@code native-image.properties}
 * ({@code Args}, {@code JavaArgs}) and the configuration files, passed as {@code -H:*ConfigurationResources},
 * except what {@code --exclude-config <jar regex> <resource regex>} excludes.</li>
 * </ul>
 * Then it runs {@code NativeImageGeneratorRunner} in a JVM with the module options setup.sh wrote, and exits
 * with its status. An option it does not know stops the build (exit 2): nothing is dropped silently, except
 * the driver-only options listed in {@link #DRIVER_ONLY}.
 * <p>
 * Usage: {@code java NativeImageLauncher.java <cache dir> <native-image arguments...>}
 */
public final class NativeImageLauncher {

    /** Driver options with no builder counterpart that change nothing here (or are deprecated no-ops in 25). */
    private static final Set<String> DRIVER_ONLY = Set.of("--no-fallback", "--strict-image-heap",
            "--install-exit-handlers", "--report-unsupported-elements-at-runtime", "--allow-incomplete-classpath",
            "--verbose", "--enable-all-security-services", "--no-server");

    /** API option -> builder option (value appended), from the svm jar's @APIOption annotations. */
    private static final Map<String, String> API = Map.ofEntries(
            Map.entry("--features", "-H:Features="),
            Map.entry("--link-at-build-time", "-H:LinkAtBuildTime="),
            Map.entry("--link-at-build-time-paths", "-H:LinkAtBuildTimePaths="),
            Map.entry("--enable-url-protocols", "-H:EnableURLProtocols="),
            Map.entry("--enable-monitoring", "-H:EnableMonitoringFeatures="),
            Map.entry("--enable-native-access", "-H:EnableNativeAccess="),
            Map.entry("--add-exports", "-H:AddExports="),
            Map.entry("--add-opens", "-H:AddOpens="),
            Map.entry("--add-reads", "-H:AddReads="),
            Map.entry("--trace-class-initialization", "-H:TraceClassInitialization="),
            Map.entry("--trace-object-instantiation", "-H:TraceObjectInstantiation="),
            Map.entry("--exact-reachability-metadata", "-H:ThrowMissingRegistrationErrors="),
            Map.entry("--native-image-info", "-H:+DumpTargetInfo"));

    private static final Map<String, String> CONFIG_FILES = Map.of(
            "reflect-config.json", "-H:ReflectionConfigurationResources=",
            "resource-config.json", "-H:ResourceConfigurationResources=",
            "jni-config.json", "-H:JNIConfigurationResources=",
            "proxy-config.json", "-H:DynamicProxyConfigurationResources=",
            "serialization-config.json", "-H:SerializationConfigurationResources=",
            "predefined-classes-config.json", "-H:PredefinedClassesConfigurationResources=",
            "reachability-metadata.json", "-H:ReachabilityMetadataResources=");

    private final List<String> jvm = new ArrayList<>();
    private final List<String> builder = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();
    private final List<Pattern[]> excluded = new ArrayList<>();
    private final List<String> positional = new ArrayList<>();
    private String mainClass;
    private String imageName;
    private Path jar;

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args[0]);
        NativeImageLauncher launcher = new NativeImageLauncher();
        List<String> expanded = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            launcher.expand(args[i], expanded);
        }
        try {
            launcher.parse(expanded, false, null);
            launcher.finish();
        } catch (IllegalArgumentException e) {
            System.err.println("native-image (pagos launcher): " + e.getMessage());
            System.exit(2);
        }
        List<String> command = new ArrayList<>();
        command.add(cache.resolve("jdk/bin/java").toString());
        command.add("@" + cache.resolve("builder-jvm.args"));
        if (launcher.jvm.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
            // quarkus.native.native-image-xmx passes -J-Xmx; else NI_XMX, else 6g (the app needs about 4-5 GB)
            command.add("-Xmx" + System.getenv().getOrDefault("NI_XMX", "6g"));
        }
        command.addAll(launcher.jvm);
        command.add("--module");
        command.add("org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner");
        command.add("-imagecp");
        command.add(String.join(":", launcher.classPath.stream().map(Path::toString).toList()));
        command.addAll(Files.readAllLines(cache.resolve("builder.args")));
        command.add("-H:ImageBuildID=" + UUID.randomUUID());
        command.addAll(launcher.builder);
        Path argsFile = Path.of(launcher.imageName + ".builder-command.txt");
        Files.write(argsFile, command);
        System.out.println("native-image (pagos launcher): GraalVM Native Image builder on " + cache
                + "; full command in " + argsFile.toAbsolutePath());
        Process process = new ProcessBuilder(command).inheritIO().start();
        System.exit(process.waitFor());
    }

    private void expand(String arg, List<String> into) throws IOException {
        if (arg.startsWith("@") && arg.length() > 1) {
            for (String line : Files.readAllLines(Path.of(arg.substring(1)))) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    into.add(unquote(trimmed));
                }
            }
        } else {
            into.add(arg);
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }

    /** Parses command-line arguments, or (fromMetaInf) the Args of a native-image.properties. */
    private void parse(List<String> args, boolean fromMetaInf, String origin) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-J")) {
                jvm.add(a.substring(2));
            } else if (a.startsWith("-D")) {
                jvm.add(a);
            } else if (a.startsWith("-H:") || a.startsWith("-R:")) {
                builder.add(a);
            } else if (!fromMetaInf && a.equals("-jar")) {
                jar = Path.of(next(args, ++i, a)).toAbsolutePath();
            } else if (!fromMetaInf && (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path"))) {
                for (String entry : next(args, ++i, a).split(":")) {
                    classPath.add(Path.of(entry).toAbsolutePath());
                }
            } else if (!fromMetaInf && a.equals("-o")) {
                imageName = next(args, ++i, a);
            } else if (!fromMetaInf && a.equals("--exclude-config")) {
                excluded.add(new Pattern[] {Pattern.compile(next(args, ++i, a)), Pattern.compile(next(args, ++i, a))});
            } else if (a.startsWith("-march=")) {
                builder.add("-H:MicroArchitecture=" + a.substring("-march=".length()));
            } else if (a.matches("-O[0-9bs]")) {
                builder.add("-H:Optimize=" + a.substring(2));
            } else if (a.equals("-g")) {
                builder.add("-H:GenerateDebugInfo=2");
            } else if (a.startsWith("--")) {
                api(a, origin);
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("unsupported option " + a + (origin == null ? "" : " in " + origin));
            } else if (!fromMetaInf) {
                positional.add(a);
            } else {
                throw new IllegalArgumentException("unexpected argument " + a + " in " + origin);
            }
        }
    }

    private static String next(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private void api(String a, String origin) {
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        String value = eq < 0 ? "" : a.substring(eq + 1);
        if (DRIVER_ONLY.contains(name)) {
            return;
        }
        switch (name) {
            case "--initialize-at-run-time", "--initialize-at-build-time" -> {
                String suffix = name.endsWith("run-time") ? ":run_time" : ":build_time";
                List<String> values = new ArrayList<>();
                for (String element : value.split(",")) {
                    values.add(element + suffix);
                }
                builder.add("-H:ClassInitialization=" + String.join(",", values));
            }
            case "--enable-http" -> builder.add("-H:EnableURLProtocols=http");
            case "--enable-https" -> builder.add("-H:EnableURLProtocols=https");
            case "--enable-monitoring" -> builder.add("-H:EnableMonitoringFeatures=" + (value.isEmpty() ? "all" : value));
            default -> {
                String option = API.get(name);
                if (option == null) {
                    throw new IllegalArgumentException("unsupported option " + a + (origin == null ? "" : " in " + origin)
                            + " (add its mapping from the svm jar's @APIOption to infra/native/NativeImageLauncher.java)");
                }
                builder.add(option.endsWith("=") ? option + value : option);
            }
        }
    }

    private void finish() throws IOException {
        if (jar != null) {
            classPath.add(0, jar);
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                if (manifest != null) {
                    String cp = manifest.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String entry : cp.trim().split("\\s+")) {
                            classPath.add(jar.getParent().resolve(entry).normalize());
                        }
                    }
                    mainClass = manifest.getMainAttributes().getValue("Main-Class");
                    // As the driver does for -jar (and java -jar): the manifest's Add-Opens / Add-Exports hold for
                    // the class path, so for the classes the builder initialises (Quarkus writes
                    // "Add-Opens: java.base/java.lang" for jboss-threads' thread-local reset on Java 24+).
                    for (String kind : List.of("Add-Opens", "Add-Exports")) {
                        String packages = manifest.getMainAttributes().getValue(kind);
                        if (packages != null) {
                            for (String modulePackage : packages.trim().split("\\s+")) {
                                String option = "--" + kind.toLowerCase() + "=" + modulePackage + "=ALL-UNNAMED";
                                jvm.add(option);
                                builder.add("-H:" + (kind.equals("Add-Opens") ? "AddOpens=" : "AddExports=")
                                        + modulePackage + "=ALL-UNNAMED");
                            }
                        }
                    }
                }
            }
            if (imageName == null && !positional.isEmpty()) {
                imageName = positional.remove(0);
            }
        } else {
            if (positional.isEmpty()) {
                throw new IllegalArgumentException("no main class and no -jar");
            }
            mainClass = positional.remove(0);
            if (imageName == null && !positional.isEmpty()) {
                imageName = positional.remove(0);
            }
        }
        if (!positional.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + positional);
        }
        if (mainClass == null) {
            throw new IllegalArgumentException("no Main-Class in " + jar);
        }
        if (imageName == null) {
            imageName = mainClass.toLowerCase();
        }
        Path image = Path.of(imageName).toAbsolutePath();
        builder.add("-H:Class=" + mainClass);
        builder.add("-H:Name=" + image.getFileName());
        builder.add("-H:Path=" + image.getParent());
        Set<String> configuration = new LinkedHashSet<>();
        for (Path entry : List.copyOf(classPath)) {
            metaInf(entry, configuration);
        }
        builder.addAll(configuration);
    }

    /** META-INF/native-image/** of one class path entry, as the driver reads it. */
    private void metaInf(Path entry, Set<String> configuration) throws IOException {
        if (Files.isDirectory(entry)) {
            Path root = entry.resolve("META-INF/native-image");
            if (!Files.isDirectory(root)) {
                return;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String resource = entry.relativize(file).toString().replace('\\', '/');
                    try (InputStream in = Files.newInputStream(file)) {
                        metaInfFile(entry, resource, in, configuration);
                    }
                }
            }
        } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
            try (JarFile file = new JarFile(entry.toFile())) {
                for (var e : file.stream().filter(e -> !e.isDirectory() && e.getName().startsWith("META-INF/native-image/"))
                        .sorted((x, y) -> x.getName().compareTo(y.getName())).toList()) {
                    try (InputStream in = file.getInputStream(e)) {
                        metaInfFile(entry, e.getName(), in, configuration);
                    }
                }
            }
        }
    }

    private void metaInfFile(Path entry, String resource, InputStream in, Set<String> configuration) throws IOException {
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        if (!fileName.equals("native-image.properties") && !CONFIG_FILES.containsKey(fileName)) {
            return;
        }
        for (Pattern[] exclude : excluded) {
            if (exclude[0].matcher(entry.toString()).find() && exclude[1].matcher("/" + resource).find()) {
                return;
            }
        }
        if (fileName.equals("native-image.properties")) {
            Properties properties = new Properties();
            properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            String dir = resource.substring(0, resource.lastIndexOf('/'));
            String origin = entry + "!/" + resource;
            for (String key : properties.stringPropertyNames()) {
                String value = properties.getProperty(key).replace("${.}", dir).strip();
                switch (key) {
                    case "Args" -> parse(split(value), true, origin);
                    case "JavaArgs" -> jvm.addAll(split(value));
                    case "ImageName", "ImageClass", "ImageModule" -> { }
                    default -> throw new IllegalArgumentException("unsupported key " + key + " in " + origin);
                }
            }
        } else {
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!content.equals("[]") && !content.equals("{}")) { // empty files only cause deprecation warnings
                configuration.add(CONFIG_FILES.get(fileName) + resource);
            }
        }
    }

    private static List<String> split(String value) {
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }
}
