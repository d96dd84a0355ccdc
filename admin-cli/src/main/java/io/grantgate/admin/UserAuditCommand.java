package io.grantgate.admin;

import io.grantgate.catalog.AuditLevel;
import io.grantgate.catalog.UserName;
import io.grantgate.provision.AuditLevelPlanner;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code admin user audit USER --level off|logins|statements|default}. A catalog-only change: it
 * needs neither the backend's dialect nor the master key, so it runs as {@code admin reload} does.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        header = "Set what the gateways record of an account's sessions.",
        description = {
            "off: nothing (denied logins are recorded whatever the level);",
            "logins: logins, session ends and kills; statements: those and every statement;",
            "default: whatever the gateways' audit.default-level says.",
            "Running gateways pick the change up at their next catalog poll.",
            ""
        })
final class UserAuditCommand extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "USER", description = "The account's user name.")
    private String user;

    @Option(
            names = "--level",
            required = true,
            paramLabel = "LEVEL",
            converter = RequestedLevel.Converter.class,
            description = "off, logins, statements, or default.")
    private RequestedLevel level;

    @Option(names = "--dry-run", description = "Print the SQL plan and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        UserName name = userName(user);
        return AdminChange.run(this, dryRun, reader -> AuditLevelPlanner.plan(name, reader.find(name), level.level()));
    }

    /** The level asked for; empty for {@code default}, which clears the account's own level. */
    record RequestedLevel(Optional<AuditLevel> level) {

        static final class Converter implements CommandLine.ITypeConverter<RequestedLevel> {
            @Override
            public RequestedLevel convert(String text) {
                if (text.equals("default")) {
                    return new RequestedLevel(Optional.empty());
                }
                for (AuditLevel level : AuditLevel.values()) {
                    if (level.text().equals(text)) {
                        return new RequestedLevel(Optional.of(level));
                    }
                }
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a level: use off, logins, statements or default");
            }
        }
    }
}
