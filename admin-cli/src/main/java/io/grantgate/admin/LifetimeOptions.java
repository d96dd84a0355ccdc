package io.grantgate.admin;

import io.grantgate.provision.Lifetime;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code admin grant --for | --until | --extend}: how long the host patterns and grants named last. */
final class LifetimeOptions {

    @Option(
            names = "--for",
            paramLabel = "DURATION",
            converter = LifetimeText.DurationConverter.class,
            description = "The host patterns and grants named end this long from now (90m, 8h, 2d, 1h30m).")
    private Duration lasting;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            converter = LifetimeText.InstantConverter.class,
            description = "They end at this time: ISO-8601 with its zone (2026-12-31T18:00Z, 2026-12-31T19:00+01:00).")
    private Instant until;

    @Option(
            names = "--extend",
            paramLabel = "DURATION",
            converter = LifetimeText.DurationConverter.class,
            description = "Make the time-limited host patterns and grants named (all of the account's when it names"
                    + " none) end this much later.")
    private Duration extend;

    /** @throws IllegalArgumentException when more than one is given */
    Lifetime lifetime() {
        int given = (lasting == null ? 0 : 1) + (until == null ? 0 : 1) + (extend == null ? 0 : 1);
        if (given > 1) {
            throw new IllegalArgumentException("give at most one of --for, --until and --extend");
        }
        if (lasting != null) {
            return new Lifetime.For(lasting);
        }
        if (until != null) {
            return new Lifetime.Until(until);
        }
        return extend != null ? new Lifetime.Extend(extend) : Lifetime.PERMANENT;
    }
}
