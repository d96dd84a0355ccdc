package io.grantgate.admin;

import io.grantgate.provision.ChangeResult;
import io.grantgate.provision.ExpirySweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code admin expire}: revoke on the backend what has expired, and take it out of the catalog. */
@Command(
        name = "expire",
        mixinStandardHelpOptions = true,
        header = "Revoke the host patterns and grants whose time is up.",
        description = {
            "The gateways stop honouring a time-limited host pattern or grant at its end",
            "(they close the sessions that relied on it), but only an admin may revoke on",
            "the backend. This sweep does it: for each account with expired entries, one",
            "change under the catalog lock removes them, revokes the grants on the backend",
            "account, bumps the catalog version and records an admin_change 'expire'.",
            "Every other admin change sweeps first too. Two sweeps at once revoke each",
            "entry once: the second finds nothing left. Until an account's expired grants",
            "are swept, the gateways refuse its logins, so run this often, e.g. from a",
            "systemd timer or cron every minute.",
            ""
        },
        footer = {"", "Examples:", "  admin expire", "  admin expire --dry-run", "  admin expire -o json"})
final class ExpireCommand extends CatalogCommand {

    @Option(names = "--dry-run", description = "Print the SQL plan (catalog and backend) and change nothing.")
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        ExpirySweep.Outcome outcome;
        try (AdminSession session = AdminSession.open(catalog)) {
            outcome = session.sweep(session.target()).run(dryRun);
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ChangeResult change : outcome.changes()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("user", change.plan().user().value());
            json.put("applied", change.applied());
            json.put("catalogVersion", change.catalogVersion());
            json.put("summary", change.plan().summary());
            if (dryRun) {
                json.put("plan", change.plan().display());
            }
            changes.add(json);
            change.plan().summary().forEach(line -> text.append(line).append('\n'));
            if (dryRun) {
                change.plan()
                        .display()
                        .forEach(line -> text.append("  ").append(line).append('\n'));
            } else {
                text.append("catalog version ").append(change.catalogVersion()).append('\n');
            }
        }
        outcome.failures().forEach(f -> text.append("not swept: ").append(f).append('\n'));
        if (outcome.changes().isEmpty() && outcome.failures().isEmpty()) {
            text.append("nothing has expired");
        } else if (dryRun) {
            text.insert(0, "dry run: nothing was changed. The sweep would do:\n");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("action", "expire");
        json.put("dryRun", dryRun);
        json.put("changes", changes);
        json.put("failures", outcome.failures());
        output.print(out(), json, text.toString().stripTrailing());
        return outcome.failures().isEmpty() ? 0 : 1;
    }
}
