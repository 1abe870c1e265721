package dev.pagos.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The packages of the main code form layers: no package imports one that depends on it, directly or through
 * others (the import graph has no cycle), and the deployed functions sit on top: dev.pagos.function is imported
 * only by local mode, which serves them through its gateways, and by snapstart, which primes each function by
 * its handler name (Routes) before the snapshot and which nothing imports.
 */
class PackageLayersTest {

    private static final String FUNCTION = "function";
    private static final Set<String> MAY_IMPORT_FUNCTION = Set.of("local", "snapstart");

    @Test
    void noPackageImportsOneThatDependsOnIt() throws IOException {
        assertEquals(List.of(), cycles(importGraph()));
    }

    @Test
    void onlyLocalModeAndSnapStartImportTheFunctions() throws IOException {
        Set<String> importers = new TreeSet<>();
        importGraph().forEach((from, to) -> {
            if (to.contains(FUNCTION) && !MAY_IMPORT_FUNCTION.contains(from.split("\\.")[0])) {
                importers.add(from);
            }
        });
        assertEquals(Set.of(), importers);
    }

    @Test
    void theCheckCatchesAnUpwardImport() {
        // push/ importing function/ (as the local WebSocket gateway once did) while function/ imports push/.
        Map<String, Set<String>> graph = Map.of(
                "function", Set.of("push", "order"),
                "order", Set.of("push"),
                "push", Set.of("function"));
        assertEquals(List.of("function -> order -> push -> function", "function -> push -> function"), cycles(graph));
        assertEquals(List.of(), cycles(Map.of("function", Set.of("push"), "push", Set.of())));
    }

    /** Package (relative to dev.pagos) -> the packages of ours it names. */
    static Map<String, Set<String>> importGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Map.Entry<Path, String> file : JavaSources.files().entrySet()) {
            graph.computeIfAbsent(file.getValue(), p -> new TreeSet<>())
                    .addAll(JavaSources.referencedPackages(JavaSources.read(file.getKey()), file.getValue()));
        }
        return graph;
    }

    /**
     * One cycle for each edge "a -> b" that lies on one ("a -> b -> ... -> a"), each cycle named once, from its
     * alphabetically first package.
     */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Set<String> found = new TreeSet<>();
        for (String from : new TreeSet<>(graph.keySet())) {
            for (String to : new TreeSet<>(graph.get(from))) {
                List<String> back = path(graph, to, from);
                if (back != null && from.compareTo(minimum(back)) <= 0) {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(from);
                    cycle.addAll(back);
                    found.add(String.join(" -> ", cycle));
                }
            }
        }
        return List.copyOf(found);
    }

    /** The shortest import path from one package to another, both ends included, or null if there is none. */
    private static List<String> path(Map<String, Set<String>> graph, String start, String goal) {
        Map<String, String> cameFrom = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        cameFrom.put(start, start);
        while (!queue.isEmpty()) {
            String current = queue.removeFirst();
            if (current.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String p = goal; !p.equals(start); p = cameFrom.get(p)) {
                    path.add(0, p);
                }
                path.add(0, start);
                return path;
            }
            for (String next : new TreeSet<>(graph.getOrDefault(current, Set.of()))) {
                if (cameFrom.putIfAbsent(next, current) == null) {
                    queue.addLast(next);
                }
            }
        }
        return null;
    }

    private static String minimum(List<String> packages) {
        return packages.stream().min(String::compareTo).orElseThrow();
    }
}
