package io.grantgate.admin;

import io.grantgate.catalog.Heartbeats;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code admin status}: the gateways registered in the catalog, the catalog version each has in
 * force and how far it lags, and how old its last heartbeat is; stale ones flagged, and removed with
 * {@code --prune}. Exit 0 when at least one gateway is live, 1 when none is (none registered, or all
 * stale), so that a health check can run it.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        header = "Show the running gateways: catalog version in force, lag, heartbeat, sessions.",
        description = {
            "A gateway is stale when it has not written its heartbeat for " + Heartbeats.STALE_AFTER_BEATS
                    + " of its heartbeat",
            "intervals (its catalog.poll-interval): stopped without unregistering, hung,",
            "or cut off from the catalog. Exit 0 when at least one gateway is live, 1 when none is.",
            ""
        })
final class StatusCommand extends CatalogCommand {

    @Option(
            names = "--prune",
            description = "Remove the stale gateways' rows and their sessions' rows from the catalog.")
    private boolean prune;

    @Override
    public Integer call() throws Exception {
        try (AdminSession session = AdminSession.open(catalog);
                Connection c = session.catalog().getConnection()) {
            GatewayInstances instances = new GatewayInstances(c);
            long version = instances.catalogVersion();
            List<InstanceRow> rows = instances.list();
            List<String> pruned = new ArrayList<>();
            if (prune) {
                for (InstanceRow row : rows) {
                    if (row.stale() && instances.prune(row.instanceId())) {
                        pruned.add(row.instanceId());
                    }
                }
                rows = rows.stream()
                        .filter(row -> !pruned.contains(row.instanceId()))
                        .toList();
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("catalogVersion", version);
            json.put("instances", rows.stream().map(row -> row.json(version)).toList());
            if (prune) {
                json.put("pruned", pruned);
            }
            output.print(out(), json, text(version, rows, pruned));
            return rows.stream().anyMatch(row -> !row.stale()) ? 0 : 1;
        }
    }

    private String text(long version, List<InstanceRow> rows, List<String> pruned) {
        StringBuilder text =
                new StringBuilder("catalog version ").append(version).append('\n');
        pruned.forEach(id -> text.append("pruned stale instance ").append(id).append('\n'));
        if (rows.isEmpty()) {
            return text.append("no gateway is registered").toString();
        }
        TextTable table = new TextTable(
                "INSTANCE", "ADDRESS", "VERSION", "CATALOG", "LAG", "HEARTBEAT", "SESSIONS", "STARTED (UTC)", "STATE");
        for (InstanceRow row : rows) {
            table.row(
                    row.instanceId(),
                    row.address(),
                    row.softwareVersion(),
                    Long.toString(row.catalogVersion()),
                    Long.toString(row.lag(version)),
                    InstanceRow.age(row.heartbeatAge()) + " ago",
                    Integer.toString(row.openSessions()),
                    AuditOutput.time(row.startedAt()),
                    row.stale() ? "STALE" : "live");
        }
        text.append(table.render());
        long stale = rows.stream().filter(InstanceRow::stale).count();
        if (stale > 0) {
            text.append('\n')
                    .append(stale)
                    .append(" of ")
                    .append(rows.size())
                    .append(" stale (no heartbeat for ")
                    .append(Heartbeats.STALE_AFTER_BEATS)
                    .append(" intervals); 'admin status --prune' removes them");
        }
        return text.toString();
    }
}
