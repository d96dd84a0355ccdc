package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A full disk without mount privileges: {@code prlimit --fsize} sets a running process's
 * RLIMIT_FSIZE, past which its writes to regular files fail with EFBIG ("File too large"). The JVM
 * ignores the SIGXFSZ that comes with it, so the gateway sees an IOException, as on a full disk.
 */
final class FileSizeLimit {

    private FileSizeLimit() {}

    /** Fails, not skips: the disk-full guarantee must not go untested because a tool is missing. */
    static void requirePrlimit() {
        boolean found = System.getenv("PATH") != null
                && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "prlimit")));
        assertThat(found)
                .as("'prlimit' is not on PATH: install util-linux (apt-get install util-linux; it is part of every"
                        + " Debian), which the disk-full tests need to limit the gateway's file size")
                .isTrue();
    }

    /**
     * Files of {@code pid} may grow to {@code bytes} from now on. The soft limit only: raising a hard
     * limit again takes privileges the test may not have.
     */
    static void set(long pid, long bytes) throws IOException, InterruptedException {
        prlimit(pid, bytes + ":");
    }

    static void lift(long pid) throws IOException, InterruptedException {
        prlimit(pid, "unlimited:");
    }

    private static void prlimit(long pid, String limit) throws IOException, InterruptedException {
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--fsize=" + limit)
                .redirectErrorStream(true)
                .start();
        String output = new String(prlimit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(prlimit.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(prlimit.exitValue())
                .as("prlimit --pid %d --fsize=%s: %s", pid, limit, output)
                .isZero();
    }
}
