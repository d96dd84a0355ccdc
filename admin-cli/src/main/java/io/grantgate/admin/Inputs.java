package io.grantgate.admin;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Turns a refused argument value (a bad user name, host pattern, scope) into a usage error: exit 2. */
final class Inputs {

    private Inputs() {}

    static <T> T parse(CommandSpec spec, Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
