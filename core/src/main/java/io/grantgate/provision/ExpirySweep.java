package io.grantgate.provision;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogTime;
import io.grantgate.catalog.UserName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Ends every account's expired access in the catalog and on the backend ({@code admin expire}, and
 * each admin change before its own): one change per account, each under the change lock, with its
 * version bump and an {@code admin_change} audit record whose reason is {@link ExpiryPlanner#ACTION}.
 * Which accounts to look at is read without the lock; each is planned again under it, so a sweep
 * that another admin finished first plans nothing and records nothing: every expired privilege is
 * revoked on the backend exactly once.
 */
public final class ExpirySweep {

    private static final String EXPIRED_ACCOUNTS = "SELECT a.user_name FROM account a WHERE EXISTS"
            + " (SELECT 1 FROM account_host h WHERE h.account_id = a.id AND h.expires_at <= " + CatalogTime.NOW + ")"
            + " OR EXISTS (SELECT 1 FROM account_grant g WHERE g.account_id = a.id AND g.expires_at <= "
            + CatalogTime.NOW + ") ORDER BY a.user_name";

    private final DataSource catalog;
    private final ChangeRunner runner;
    private final ExpiryPlanner planner;

    public ExpirySweep(DataSource catalog, ChangeRunner runner, BackendTarget backend) {
        this.catalog = catalog;
        this.runner = runner;
        this.planner = new ExpiryPlanner(backend);
    }

    /**
     * What a sweep did.
     *
     * @param changes the changes made (or, for a dry run, that would be made); empty when nothing
     *     had expired or another admin got there first
     * @param failures accounts whose revoke the backend refused: their expired rows stay, to be swept
     *     again, and the other accounts are swept all the same
     */
    public record Outcome(List<ChangeResult> changes, List<String> failures) {
        public Outcome {
            changes = List.copyOf(changes);
            failures = List.copyOf(failures);
        }
    }

    /** Sweeps once, each account with expired entries in a change of its own. */
    public Outcome run(boolean dryRun) throws SQLException {
        List<ChangeResult> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (UserName user : expiredAccounts()) {
            try {
                ChangeResult result = runner.run(
                        reader -> {
                            Optional<Account> account = reader.find(user);
                            return account.isPresent()
                                    ? planner.plan(account.get(), reader.now())
                                    : ChangePlan.nothing(ExpiryPlanner.ACTION, user, "account dropped meanwhile");
                        },
                        dryRun);
                if (!result.plan().isEmpty()) {
                    done.add(result);
                }
            } catch (ChangeFailedException e) {
                failures.add("account '" + user.value() + "': " + e.getMessage());
            }
        }
        return new Outcome(done, failures);
    }

    private List<UserName> expiredAccounts() throws SQLException {
        List<UserName> users = new ArrayList<>();
        try (Connection c = catalog.getConnection();
                PreparedStatement s = c.prepareStatement(EXPIRED_ACCOUNTS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                users.add(new UserName(rs.getString(1)));
            }
        }
        return users;
    }
}
