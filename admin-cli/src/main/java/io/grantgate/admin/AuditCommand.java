package io.grantgate.admin;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin audit}: the catalog's audit trail (logins, session ends and closes, kills, admin
 * changes), newest first, filtered. The gateways' audit files, which also hold statements, are
 * checked and followed by the subcommands.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        header = "Query the audit trail in the catalog: logins, sessions, kills, admin changes.",
        description = {
            "Prints the newest events first; every filter given must hold.",
            "Times are UTC: --since/--until take a time ago (30m, 1h, 2d) or an ISO-8601",
            "time (2025-06-01, 2025-06-01T12:00:00Z, 2025-06-01T14:00:00+02:00).",
            ""
        },
        subcommands = {
            AuditVerifyCommand.class,
            AuditTailCommand.class,
        })
final class AuditCommand extends CatalogCommand {

    @Option(names = "--user", paramLabel = "USER", description = "Events of this user name, exactly as recorded.")
    private String user;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "login, session (session_end, session_closed), statement, admin (admin_change) or kill.")
    private AuditEventKind kind;

    @Option(names = "--outcome", paramLabel = "OUTCOME", description = "ok, denied or error.")
    private AuditOutcome outcome;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = PointInTime.Converter.class,
            description = "Events at or after TIME: 30m, 1h, 2d ago, or an ISO-8601 time (UTC unless it says).")
    private PointInTime since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            converter = PointInTime.Converter.class,
            description = "Events before TIME, in the same forms as --since.")
    private PointInTime until;

    @Option(
            names = "--client-address",
            paramLabel = "ADDRESS",
            converter = ClientNetwork.Converter.class,
            description = "Events from this IPv4/IPv6 address or CIDR network (10.0.0.0/8, 2001:db8::/32).")
    private ClientNetwork client;

    @Option(names = "--instance", paramLabel = "ID", description = "Events of this gateway instance.")
    private String instance;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "At most N events, the newest (default ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() throws Exception {
        AuditQuery query = query();
        try (Connection c = CatalogConnection.open(catalog)) {
            List<AuditRecord> records = new AuditSearch(c).run(query);
            output.print(out(), AuditOutput.json(records), AuditOutput.table(records, query));
            return 0;
        }
    }

    private AuditQuery query() {
        if (limit < 1) {
            throw usage("--limit must be at least 1, not " + limit);
        }
        if (since != null && until != null && !since.instant().isBefore(until.instant())) {
            throw usage("--since must be before --until");
        }
        if (user != null && user.isEmpty()) {
            throw usage("--user is empty");
        }
        if (instance != null && instance.isEmpty()) {
            throw usage("--instance is empty");
        }
        return new AuditQuery(
                Optional.ofNullable(user),
                Optional.ofNullable(kind),
                Optional.ofNullable(outcome),
                Optional.ofNullable(since).map(PointInTime::instant),
                Optional.ofNullable(until).map(PointInTime::instant),
                Optional.ofNullable(client),
                Optional.ofNullable(instance),
                limit);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
