package io.grantgate.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Static checks on the scripts; {@code CatalogMigrationIT} in the core module runs them on a real server. */
class MigrationScriptsTest {

    /**
     * Versions another branch adds, which this one may skip until they meet (V4 is the expiry
     * branch's, V5 this one's): remove once merged.
     */
    private static final java.util.Set<Integer> RESERVED_ELSEWHERE = java.util.Set.of(4);

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__[a-z0-9_]+\\.sql");

    private static List<Path> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(CatalogMigrator.class
                .getClassLoader()
                .getResource("db/migration")
                .toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void scriptNamesFollowFlywayConventionAndVersionsAreContiguous() throws Exception {
        List<Integer> versions = scripts().stream()
                .map(p -> SCRIPT_NAME.matcher(p.getFileName().toString()))
                .peek(m -> assertThat(m.matches()).as(m.toString()).isTrue())
                .map(m -> Integer.parseInt(m.group(1)))
                .sorted()
                .toList();

        assertThat(versions).isNotEmpty();
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, versions.get(versions.size() - 1))
                .filter(v -> versions.contains(v) || !RESERVED_ELSEWHERE.contains(v))
                .boxed()
                .toList();
        assertThat(versions).isEqualTo(expected);
    }

    @Test
    void everyTableIsInnoDbUtf8mb4() throws Exception {
        Pattern create = Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\)([^;]*);", Pattern.DOTALL);
        for (Path script : scripts()) {
            Matcher m = create.matcher(Files.readString(script));
            while (m.find()) {
                assertThat(m.group(3))
                        .as("table options of %s", m.group(1))
                        .contains("ENGINE = InnoDB")
                        .contains("CHARSET = utf8mb4");
            }
        }
    }

    @Test
    void scriptsAvoidVendorOnlySyntax() throws Exception {
        List<String> vendorOnly = List.of(
                "JSON_TABLE",
                " JSON ",
                "SEQUENCE",
                "INVISIBLE",
                "SYSTEM VERSIONING",
                "GENERATED ALWAYS",
                "MyISAM",
                "Aria",
                "IF NOT EXISTS",
                "DEFINER");
        for (Path script : scripts()) {
            String sql = Files.readAllLines(script).stream()
                    .filter(line -> !line.strip().startsWith("--"))
                    .collect(java.util.stream.Collectors.joining("\n"));
            for (String word : vendorOnly) {
                assertThat(sql).as("%s uses %s", script.getFileName(), word).doesNotContain(word);
            }
        }
    }
}
