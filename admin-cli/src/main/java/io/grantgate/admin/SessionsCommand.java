package io.grantgate.admin;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin sessions}: every logged-in session on every gateway, as the gateways last wrote them
 * to the catalog (every heartbeat, that is every {@code catalog.poll-interval}); {@code admin
 * sessions kill} ends one.
 */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        header = "List the sessions on every gateway; 'sessions kill ID' ends one.",
        description = {
            "Each gateway writes its sessions to the catalog on every heartbeat (its",
            "catalog.poll-interval): a session shows up to one interval after its login, and its",
            "state, bytes and commands are as of that gateway's last heartbeat. IN is what the",
            "client sent, OUT what it was sent; ID is the connection id the client got.",
            "BACKEND is how the session holds its backend connection: 'own' from login to end",
            "(sessions.multiplexing=off, or a client without CLIENT_SESSION_TRACK); 'shared'",
            "(multiplexed: a connection borrowed per command); 'pinned (REASON)' (multiplexed, but",
            "keeping its connection until it ends, or until its transaction ends for 'transaction';",
            "REASON is the first one, as grantgate_multiplex_pins_total{reason} counts it);",
            "'unknown' for a gateway older than catalog version 7. JSON: backend and pinReason.",
            ""
        },
        subcommands = {SessionKillCommand.class})
final class SessionsCommand extends CatalogCommand {

    @Option(names = "--user", paramLabel = "USER", description = "Sessions of this account.")
    private String user;

    @Option(names = "--instance", paramLabel = "ID", description = "Sessions on this gateway instance.")
    private String instance;

    @Override
    public Integer call() throws Exception {
        try (AdminSession session = AdminSession.open(catalog);
                Connection c = session.catalog().getConnection()) {
            List<SessionRow> rows =
                    new GatewaySessions(c).list(Optional.ofNullable(user), Optional.ofNullable(instance));
            output.print(out(), rows.stream().map(SessionRow::json).toList(), text(rows));
            return 0;
        }
    }

    static String text(List<SessionRow> rows) {
        if (rows.isEmpty()) {
            return "no sessions";
        }
        TextTable table = new TextTable(
                "ID", "INSTANCE", "USER", "CLIENT", "TLS", "SINCE (UTC)", "STATE", "BACKEND", "IN", "OUT", "COMMANDS");
        for (SessionRow row : rows) {
            table.row(
                    Long.toString(row.connectionId()),
                    io.grantgate.catalog.DisplayText.visible(row.instanceId())
                            + (row.instanceStale() ? " (stale)" : ""),
                    row.user(),
                    AuditOutput.client(row.clientAddress(), row.clientPort()),
                    row.tlsVersion().orElse("none"),
                    AuditOutput.time(row.since()),
                    row.state(),
                    row.backendText(),
                    Long.toString(row.bytesIn()),
                    Long.toString(row.bytesOut()),
                    Long.toString(row.commands()));
        }
        String text = table.render();
        if (rows.stream().anyMatch(SessionRow::instanceStale)) {
            text += "\n(stale): its gateway has no recent heartbeat, so the session may be gone; see 'admin status'";
        }
        return text;
    }
}
