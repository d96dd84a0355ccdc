package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.provision.ShowGrants;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code admin show-grants USER}: MySQL-style GRANT lines, one block per host pattern. */
@Command(
        name = "show-grants",
        mixinStandardHelpOptions = true,
        header = "Print an account's grants as MySQL's SHOW GRANTS would.")
final class ShowGrantsCommand extends CatalogCommand {

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Override
    public Integer call() throws Exception {
        Account account = readAccount(user);
        List<String> lines = ShowGrants.lines(account);
        String text = lines.isEmpty()
                ? "account '" + account.user().value() + "' has no host pattern: it cannot log in from anywhere"
                : String.join("\n", lines);
        output.print(out(), lines, text);
        return 0;
    }
}
