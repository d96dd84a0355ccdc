package io.grantgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.testing.ClientTools.Decision;
import io.grantgate.testing.ClientTools.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ClientToolsTest {

    private static final Path PROGRAM = Path.of("/usr/bin/mariadb");
    private static final Function<String, Optional<Path>> FOUND = name -> Optional.of(Path.of("/usr/bin", name));
    private static final Function<String, Optional<Path>> MISSING = name -> Optional.empty();

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "1", " 1 "})
    void aToolOnPathIsUsedWhateverTheSetting(String setting) {
        assertThat(ClientTools.decide(Tool.MARIADB, setting, FOUND)).isEqualTo(new Decision.Use(PROGRAM));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "  "})
    void aMissingToolSkipsTheTestSayingWhatToInstall(String setting) {
        Decision decision = ClientTools.decide(Tool.MARIADB, setting, MISSING);

        assertThat(decision).isInstanceOf(Decision.Skip.class);
        assertThat(((Decision.Skip) decision).reason())
                .contains("'mariadb' is not on PATH")
                .contains("apt-get install mariadb-client")
                .contains("GRANTGATE_REQUIRE_CLIENT_TOOLS=1");
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void aMissingToolFailsTheTestWhenRequired(Tool tool) {
        Decision decision = ClientTools.decide(tool, "1", MISSING);

        assertThat(decision).isInstanceOf(Decision.Fail.class);
        assertThat(((Decision.Fail) decision).reason())
                .contains("'" + tool.program() + "' "
                        + (tool.program().startsWith("/") ? "is not there" : "is not on PATH"))
                .contains("install " + tool.debianPackage())
                .contains("as .ci/run does");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "true", "2", "on"})
    void aSettingOtherThanOneOrZeroIsAMistakeNotAQuietSkip(String setting) {
        for (Function<String, Optional<Path>> lookup : java.util.List.of(FOUND, MISSING)) {
            Decision decision = ClientTools.decide(Tool.SYSBENCH, setting, lookup);

            assertThat(decision).isInstanceOf(Decision.Fail.class);
            assertThat(((Decision.Fail) decision).reason())
                    .contains("GRANTGATE_REQUIRE_CLIENT_TOOLS='" + setting + "'");
        }
    }

    @Test
    void skipAbortsAndFailFailsTheTest() {
        assertThat(ClientTools.apply(new Decision.Use(PROGRAM))).isEqualTo(PROGRAM);
        assertThatThrownBy(() -> ClientTools.apply(new Decision.Skip("why")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("why");
        assertThatThrownBy(() -> ClientTools.apply(new Decision.Fail("why")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("why");
    }

    @Test
    void onPathFindsTheFirstExecutableFile(@TempDir Path dir) throws IOException {
        Path notExecutable = Files.createDirectories(dir.resolve("a"));
        Files.writeString(notExecutable.resolve("sysbench"), "");
        Path directoryOfThatName = Files.createDirectories(dir.resolve("b").resolve("sysbench"));
        Path first = Files.createDirectories(dir.resolve("c"));
        Path second = Files.createDirectories(dir.resolve("d"));
        for (Path bin : new Path[] {first, second}) {
            Files.writeString(bin.resolve("sysbench"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve("sysbench"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String path = String.join(
                ":",
                "",
                notExecutable.toString(),
                directoryOfThatName.getParent().toString(),
                first.toString(),
                second.toString());

        assertThat(ClientTools.onPath("sysbench", path)).contains(first.resolve("sysbench"));
        assertThat(ClientTools.onPath("mariadb", path)).isEmpty();
        assertThat(ClientTools.onPath("sysbench", null)).isEmpty();
    }

    @Test
    void aProgramOrLibraryGivenByItsPathIsLookedForThereOnly(@TempDir Path dir) throws IOException {
        Path library = Files.writeString(dir.resolve("libgalera_smm.so"), "");

        assertThat(ClientTools.onPath(library.toString(), "/usr/bin")).contains(library);
        assertThat(ClientTools.onPath(dir.resolve("missing.so").toString(), dir.toString()))
                .isEmpty();
    }
}
