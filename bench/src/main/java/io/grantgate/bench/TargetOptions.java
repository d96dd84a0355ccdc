package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where the drivers connect: a picocli mixin. The password is read from BENCH_PASSWORD. */
final class TargetOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", required = true, description = "Server port.")
    int port;

    @Option(names = "--user", required = true, description = "Login user; the password comes from BENCH_PASSWORD.")
    String user;

    @Option(names = "--database", description = "Default schema to connect with.")
    String database;

    @Option(
            names = "--source-addresses",
            defaultValue = "0",
            paramLabel = "K",
            description = "Connect from 127.0.0.2 .. 127.0.0.(K+1) in turn instead of the system's choice, "
                    + "for more ephemeral ports (default: ${DEFAULT-VALUE}, the system's choice).")
    int sourceAddresses;

    Endpoint endpoint() {
        String password = System.getenv("BENCH_PASSWORD");
        if (password == null) {
            throw new IllegalStateException("set BENCH_PASSWORD to the password of " + user);
        }
        return new Endpoint(host, port, user, password, database);
    }

    /** The local address for the {@code n}th connection, or null for the system's choice. */
    InetAddress source(long n) {
        if (sourceAddresses <= 0) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + n % sourceAddresses)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address needs no lookup", e);
        }
    }
}
