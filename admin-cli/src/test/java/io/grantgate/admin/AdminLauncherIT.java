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
 * wrote, and the class-data-sharing archive the launcher keeps in the user's cache: made by the
 * first run that succeeds, kept while it fits, made again when the jar changes or the file is
 * damaged, never in the way (nothing on stdout but the command's output; no cache, no archive,
 * still a command).
 * Each test runs a copy of the installation (bin/ and the admin jar; the libraries linked), so that
 * changing its jar changes no other test's.
 */
class AdminLauncherIT {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

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

        Run second = admin(Map.of(), "--version");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive))
                .as("the archive fits: kept")
                .isEqualTo(made);
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
        assertThat(run.out()).doesNotContain("cds").doesNotContain("archive");
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
    }

    private Path onlyArchive(String prefix) throws IOException {
        List<Path> archives = archives();
        assertThat(archives).hasSize(1);
        assertThat(archives.getFirst().getFileName().toString())
                .startsWith(prefix)
                .endsWith(".jsa");
        return archives.getFirst();
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
        List<String> command = new java.util.ArrayList<>(
                List.of(installation.resolve("bin/admin").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("GRANTGATE_CACHE_DIR", cache.toString());
        builder.environment().putAll(env);
        builder.redirectError(installation.resolve("stderr.txt").toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(installation.resolve("stderr.txt"));
        assertThat(process.exitValue()).as("exit code; stderr: %s", err).isEqualTo(exitCode);
        return new Run(out, err);
    }
}
