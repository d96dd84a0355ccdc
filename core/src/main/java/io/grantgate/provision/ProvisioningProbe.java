package io.grantgate.provision;

import io.grantgate.account.BackendLogin;
import io.grantgate.catalog.Grant;
import io.grantgate.catalog.GrantScope;
import io.grantgate.catalog.Privilege;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that the backend admin login can provision: creates a throw-away account, grants it a
 * privilege on a schema that need not exist, and drops it. Asking SHOW GRANTS would only show what
 * the login believes it may do; this is what provisioning actually runs.
 */
public final class ProvisioningProbe {

    private static final Logger log = LoggerFactory.getLogger(ProvisioningProbe.class);

    private final BackendTarget target;

    public ProvisioningProbe(BackendTarget target) {
        this.target = target;
    }

    public boolean run(Connection admin) {
        BackendLogin probe =
                new BackendLogin("ggprobe_" + ProcessHandle.current().pid(), target.accountHost());
        BackendStatements sql = target.statements();
        List<BackendStatement> statements = new ArrayList<>(sql.create(probe, Passwords.generate()));
        statements.addAll(
                sql.grant(probe, Set.of(new Grant(Privilege.SELECT, GrantScope.database("grantgate_probe")))));
        BackendExecutor executor = new BackendExecutor(admin);
        try {
            executor.run(statements);
            return true;
        } catch (ProvisioningException e) {
            log.debug("provisioning probe failed: {}", e.getMessage());
            return false;
        } finally {
            try {
                executor.run(List.of(sql.drop(probe)));
            } catch (ProvisioningException ignored) {
                log.debug("dropping the probe account failed: {}", ignored.getMessage());
            }
        }
    }
}
