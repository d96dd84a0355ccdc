package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.UserName;
import io.grantgate.ops.CatalogOptions;
import io.grantgate.provision.ShowGrants;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code admin show-grants USER}: MySQL-style GRANT lines, one block per host pattern. */
@Command(name = "show-grants", mixinStandardHelpOptions = true, header = "Print an account's grants as MySQL's SHOW GRANTS would.")
final class ShowGrantsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private CatalogOptions catalog;

    @Mixin
    private OutputOptions output;

    @Parameters(index = "0", paramLabel = "USER")
    private String user;

    @Override
    public Integer call() throws Exception {
        UserName name = Inputs.parse(spec, () -> new UserName(user));
        try (AdminSession session = AdminSession.open(catalog); Connection c = session.catalog().getConnection()) {
            Account account = new CatalogReader(c).find(name)
                    .orElseThrow(() -> new IllegalArgumentException("no account '" + name.value() + "'"));
            List<String> lines = ShowGrants.lines(account);
            String text = lines.isEmpty() ? "account '" + name.value() + "' has no host pattern: it cannot log in from anywhere"
                    : String.join("\n", lines);
            output.print(spec.commandLine().getOut(), lines, text);
            return 0;
        }
    }
}
