package io.grantgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The seed corpus of a fuzz test, built in code from the repository's fixtures and message builders
 * so that each seed says what it is; committed as files where Jazzer's regression mode reads them:
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/<name>}. Findings that fuzzing writes
 * into the same directories stay beside them: only the seeds named here are compared or written.
 */
public final class FuzzSeeds {

    /** One input of one {@code @FuzzTest} method. */
    public record Seed(String method, String name, byte[] bytes) {}

    /** Set to write the seeds instead of comparing them: {@code -Dfuzz.writeSeeds=true}. */
    public static final String WRITE_PROPERTY = "fuzz.writeSeeds";

    private FuzzSeeds() {}

    /** The seed file of {@code seed} under a module's {@code src/test/resources}. */
    public static Path file(Path testResources, Class<?> fuzzTest, Seed seed) {
        return testResources
                .resolve(fuzzTest.getPackageName().replace('.', '/'))
                .resolve(fuzzTest.getSimpleName() + "Inputs")
                .resolve(seed.method())
                .resolve(seed.name());
    }

    /**
     * Writes the seeds when {@value #WRITE_PROPERTY} is set, else returns those whose committed file is
     * missing or differs: a seed built from a fixture must follow the fixture.
     */
    public static List<Seed> writeOrCompare(Path testResources, Class<?> fuzzTest, List<Seed> seeds) {
        boolean write = Boolean.getBoolean(WRITE_PROPERTY);
        try {
            for (Seed seed : seeds) {
                if (write) {
                    Path file = file(testResources, fuzzTest, seed);
                    Files.createDirectories(file.getParent());
                    Files.write(file, seed.bytes());
                }
            }
            return seeds.stream()
                    .filter(seed -> !matches(file(testResources, fuzzTest, seed), seed.bytes()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean matches(Path file, byte[] bytes) {
        try {
            return Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
