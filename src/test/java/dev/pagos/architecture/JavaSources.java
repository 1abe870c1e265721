package dev.pagos.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The main sources as the architecture tests read them: code without its comments, by package. */
final class JavaSources {

    static final Path MAIN = Path.of("src/main/java/dev/pagos");
    /** A named package of ours: "dev.pagos.push.ConnectionsApi" or "dev.pagos.push.*" names "push". */
    private static final Pattern PACKAGE_REFERENCE = Pattern.compile("\\bdev\\.pagos\\.([a-z]\\w*(?:\\.[a-z]\\w*)*)\\.[A-Z*]");

    private JavaSources() {
    }

    /** Every main source file, by its package relative to dev.pagos ("provider.paypal"). */
    static Map<Path, String> files() throws IOException {
        if (!Files.isDirectory(MAIN.resolve("function"))) {
            throw new IllegalStateException("run from the project root");
        }
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(MAIN)) {
            walk.filter(p -> p.toString().endsWith(".java"))
                    .forEach(p -> files.put(p, MAIN.relativize(p.getParent()).toString().replace('/', '.')));
        }
        return files;
    }

    /** The packages of ours a file's code names, other than its own (imports, static imports, qualified names). */
    static Set<String> referencedPackages(String source, String ownPackage) {
        Set<String> packages = new TreeSet<>();
        Matcher m = PACKAGE_REFERENCE.matcher(withoutComments(source));
        while (m.find()) {
            packages.add(m.group(1));
        }
        packages.remove(ownPackage);
        packages.remove(""); // "package dev.pagos.x;" has no class after it; the root package holds no code
        return packages;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code with its comments blanked out (a package named only in a comment is no dependency). */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                code.append(source, i, end);
                i = end;
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    /** Past the string, text block or character literal that starts at {@code start}. */
    private static int endOfLiteral(String source, int start) {
        String quote = source.startsWith("\"\"\"", start) ? "\"\"\"" : String.valueOf(source.charAt(start));
        int i = start + quote.length();
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(source.length(), i + quote.length());
    }
}
