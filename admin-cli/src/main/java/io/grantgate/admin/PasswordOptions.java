package io.grantgate.admin;

import io.grantgate.auth.Secret;
import io.grantgate.provision.Passwords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a new password comes from: standard input or a generator. Never a command-line argument,
 * which other local users can read in the process list and which lands in shell history.
 */
final class PasswordOptions {

    @ArgGroup(exclusive = true)
    private Source source;

    static final class Source {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        @Option(names = "--generate-password", description = "Generate a strong password and print it once.")
        boolean generate;
    }

    private final InputStream in;

    PasswordOptions(InputStream in) {
        this.in = in;
    }

    /** Whether either option was given (without reading standard input). */
    boolean given() {
        return source != null;
    }

    boolean generated() {
        return source != null && source.generate;
    }

    /** The password asked for, or empty when neither option was given. */
    Optional<Secret> password() throws IOException {
        if (source == null) {
            return Optional.empty();
        }
        if (source.generate) {
            return Optional.of(Passwords.generate());
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("--password-stdin: standard input was empty");
        }
        return Optional.of(new Secret(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
    }
}
