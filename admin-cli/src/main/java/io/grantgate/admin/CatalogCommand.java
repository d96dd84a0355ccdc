package io.grantgate.admin;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.CatalogReader;
import io.grantgate.catalog.UserName;
import io.grantgate.config.CatalogOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that talks to the catalog has: the catalog login options and --output. */
abstract class CatalogCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Mixin
    OutputOptions output;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A user name from the command line; a refused one is a usage error. */
    UserName userName(String text) {
        return Inputs.parse(spec, () -> new UserName(text));
    }

    /** The account named on the command line, as the catalog holds it; a missing one is a failure (exit 1). */
    Account readAccount(String user) throws IOException, SQLException {
        UserName name = userName(user);
        try (Connection c = CatalogConnection.open(catalog)) {
            return new CatalogReader(c)
                    .find(name)
                    .orElseThrow(() -> new IllegalArgumentException("no account '" + name.value() + "'"));
        }
    }
}
