package io.grantgate.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedDatabaseTest {

    @Test
    void refusesADataDirectoryThatMariaDb4jWouldWipe() {
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "grantgate-data-" + ProcessHandle.current().pid());

        assertThatThrownBy(() -> EmbeddedDatabase.start(scratch, 13306))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessageContaining("wipes")
                .hasMessageContaining("--data-dir");
        assertThat(Files.exists(scratch)).isFalse();
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = EmbeddedDatabase.randomPassword();
        String b = EmbeddedDatabase.randomPassword();

        assertThat(a).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(a).isNotEqualTo(b);
    }
}
