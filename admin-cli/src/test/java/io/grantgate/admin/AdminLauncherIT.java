package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.config.VersionProvider;
import io.grantgate.testing.TestBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/admin} as a person runs it, on the jars the package phase built: the version the build
 * wrote, and the class cache the launcher keeps in the user's cache directory (an AOT cache on a
 * java &gt;= 25, which this test's java is; the dynamic class-data-sharing archive of Java 21-24 with
 * {@code GRANTGATE_CDS=dynamic}): made by the first run that succeeds, used by the next ones, kept
 * while it fits, made again when the jar changes or the file is damaged, never in the way (the same
 * output with or without it, nothing on stderr; no cache directory, no cache, still a command).
 * Each test runs a copy of the installation (bin/ and the admin jar; the libraries linked), so that
 * changing its jar changes no other test's.
 */
class AdminLauncherIT {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    /** What the launcher writes on this test's java (the launcher's choice by the java's version). */
    private static final String CACHE_SUFFIX = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";

    /** How {@code -Xlog:class+load} names a class mapped from an archive or AOT cache. */
    private static final String FROM_THE_CACHE = "io.grantgate.admin.AdminCommand source: shared objects file";

    private Path installation;
    private Path cache;

    @BeforeEach
    void copyTheInstallation() throws IOException {
        installation = Files.createTempDirectory("grantgate-admin-launcher");
        cache = installation.resolve("cache");
        Files.createDirectories(installation.resolve("bin/lib"));
        for (String script : List.of("bin/admin", "bin/lib/launcher.sh")) {
            Files.copy(HOME.resolve(script), installation.resolve(script));
        }
        Path target = installation.resolve("admin-cli/target");
        Files.createDirectories(target);
        Files.copy(HOME.resolve("admin-cli/target/grantgate-admin.jar"), target.resolve("grantgate-admin.jar"));
        Files.createSymbolicLink(target.resolve("lib"), HOME.resolve("admin-cli/target/lib"));
    }

    @AfterEach
    void removeIt() {
        TestBackend.deleteRecursively(installation);
    }

    @Test
    void versionIsTheBuildsAndTheFirstRunLeavesAnArchiveTheNextOnesUse() throws Exception {
        Run first = admin(Map.of(), "--version");
        assertThat(first.out()).isEqualTo("GrantGate " + VersionProvider.version() + "\n");
        assertThat(first.out()).doesNotContain("development");
        assertThat(first.err()).isEmpty();
        Path archive = onlyArchive("admin-help-");
        FileTime made = Files.getLastModifiedTime(archive);

        Run second = admin(classLoadLog(), "--version");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive))
                .as("the archive fits: kept")
                .isEqualTo(made);
        assertThat(classesLoaded()).as("our classes come from the cache").contains(FROM_THE_CACHE + "\n");
    }

    @Test
    void withCdsForcedTheDynamicArchiveOfJava21To24IsWrittenAndUsed() throws Exception {
        Map<String, String> dynamic = Map.of("GRANTGATE_CDS", "dynamic");
        Run first = admin(dynamic, "--version");
        assertThat(first.err()).isEmpty();
        Path archive = onlyArchive("admin-help-", ".jsa");

        Map<String, String> logged = new java.util.HashMap<>(classLoadLog());
        logged.putAll(dynamic);
        Run second = admin(logged, "--version");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).isEmpty();
        assertThat(archives()).containsExactly(archive);
        assertThat(classesLoaded())
                .as("our classes come from the archive, on top of the JDK's")
                .contains(FROM_THE_CACHE + " (top)\n");
    }

    @Test
    void concurrentFirstRunsLeaveOneWholeCache() throws Exception {
        List<java.util.concurrent.Future<Run>> runs;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            runs = pool.invokeAll(List.of(
                    () -> adminInto("stderr-a.txt", Map.of(), 0, "--version"),
                    () -> adminInto("stderr-b.txt", Map.of(), 0, "--version")));
        }
        for (var run : runs) {
            assertThat(run.get().out()).startsWith("GrantGate ");
            assertThat(run.get().err()).isEmpty();
        }
        onlyArchive("admin-help-");

        admin(classLoadLog(), "--version");
        assertThat(classesLoaded()).contains(FROM_THE_CACHE + "\n");
    }

    @Test
    void aChangedJarGetsAFreshArchive() throws Exception {
        admin(Map.of(), "--version");
        Path archive = onlyArchive("admin-help-");
        FileTime made = Files.getLastModifiedTime(archive);

        Path jar = installation.resolve("admin-cli/target/grantgate-admin.jar");
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Files.writeString(zip.getPath("rebuilt.txt"), "a jar built again");
        }
        Run run = admin(Map.of(), "--version");

        assertThat(run.out()).isEqualTo("GrantGate " + VersionProvider.version() + "\n");
        assertThat(run.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive))
                .as("written again for the new jar")
                .isGreaterThan(made);
        assertThat(archives()).as("no file of the run left behind").hasSize(1);
    }

    @Test
    void aFailedCommandLeavesNoArchive() throws Exception {
        Run typo = admin(Map.of(), 2, "user", "lst");
        assertThat(typo.err()).contains("Unmatched argument");
        assertThat(Files.exists(cache) ? archives() : List.of()).isEmpty();
    }

    @Test
    void aDamagedArchiveIsReplacedAndTheCommandStillAnswers() throws Exception {
        admin(Map.of(), "--help");
        Path archive = onlyArchive("admin-help-");
        try (OutputStream out = Files.newOutputStream(archive)) {
            out.write("not an archive".getBytes(StandardCharsets.US_ASCII));
        }

        Run run = admin(Map.of(), "--help");

        assertThat(run.out()).contains("Usage: admin").contains("show-grants");
        assertThat(run.out()).doesNotContain("cds").doesNotContain("archive").doesNotContain("AOT");
        assertThat(run.err()).isEmpty();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);
    }

    @Test
    void withoutAWritableCacheOrWithCdsOffThereIsNoArchiveAndTheCommandStillAnswers() throws Exception {
        Path notADirectory = installation.resolve("a-file");
        Files.writeString(notADirectory, "");
        Run unwritable = admin(Map.of("GRANTGATE_CACHE_DIR", notADirectory.toString()), "--version");
        assertThat(unwritable.out()).startsWith("GrantGate ");
        assertThat(unwritable.err()).isEmpty();

        Run off = admin(Map.of("GRANTGATE_CDS", "0"), "--version");
        assertThat(off.out()).startsWith("GrantGate ");
        assertThat(Files.exists(cache) ? archives() : List.of()).isEmpty();
    }

    @Test
    void aCommandThatReadsTheCatalogHasAnArchiveOfItsOwn() throws Exception {
        AdminFixture fixture = new AdminFixture("launcher");
        Run list = admin(fixture.env, "user", "list");
        assertThat(list.out()).contains("no accounts yet");
        assertThat(list.err()).isEmpty();
        assertThat(archives()).hasSize(1);
        assertThat(onlyArchive("admin-").getFileName().toString()).doesNotStartWith("admin-help-");

        Map<String, String> logged = new java.util.HashMap<>(fixture.env);
        logged.putAll(classLoadLog());
        Run again = admin(logged, "user", "list", "-o", "json");
        Run json = admin(fixture.env, "user", "list", "-o", "json");
        assertThat(again.out())
                .as("the same output, with the cache and without")
                .isEqualTo(json.out());
        assertThat(again.err()).isEmpty();
        assertThat(classesLoaded()).contains(FROM_THE_CACHE + "\n");
    }

    private Path onlyArchive(String prefix) throws IOException {
        return onlyArchive(prefix, CACHE_SUFFIX);
    }

    private Path onlyArchive(String prefix, String suffix) throws IOException {
        List<Path> archives = archives();
        assertThat(archives).hasSize(1);
        assertThat(archives.getFirst().getFileName().toString())
                .startsWith(prefix)
                .endsWith(suffix);
        return archives.getFirst();
    }

    /**
     * Options that log where each class came from into a file (not stdout, whose text the tests
     * compare): for a run that uses the cache, not the one that writes it (the launcher's second JVM
     * that creates an AOT cache would write the same file).
     */
    private Map<String, String> classLoadLog() {
        return Map.of("GRANTGATE_JAVA_OPTS", "-Xlog:class+load=info:file=" + installation.resolve("classes.txt"));
    }

    private String classesLoaded() throws IOException {
        return Files.readString(installation.resolve("classes.txt")).replaceAll("(?m)^\\[[^ ]* ", "");
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.toList();
        }
    }

    private record Run(String out, String err) {}

    private Run admin(Map<String, String> env, String... args) throws Exception {
        return admin(env, 0, args);
    }

    private Run admin(Map<String, String> env, int exitCode, String... args) throws Exception {
        return adminInto("stderr.txt", env, exitCode, args);
    }

    /** Runs {@code bin/admin} with its stderr in the file {@code stderr}, in the installation. */
    private Run adminInto(String stderr, Map<String, String> env, int exitCode, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of(installation.resolve("bin/admin").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("GRANTGATE_CACHE_DIR", cache.toString());
        builder.environment().putAll(env);
        builder.redirectError(installation.resolve(stderr).toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(installation.resolve(stderr));
        assertThat(process.exitValue()).as("exit code; stderr: %s", err).isEqualTo(exitCode);
        return new Run(out, err);
    }
}
