package io.grantgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grantgate.auth.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPropertiesTest {

    @TempDir
    Path dir;

    private final AdminProperties props = new AdminProperties(
            "jdbc:mysql://127.0.0.1:13306/grantgate", "grantgate_admin", new Secret("s3cr=t:with\\odd#chars"));

    @Test
    void writesAPrivateFileAndReadsItBack() throws Exception {
        Path file = dir.resolve("sub").resolve(AdminProperties.FILE_NAME);
        props.write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(AdminProperties.read(file)).isEqualTo(props);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void rewritingReplacesTheFileAndKeepsItPrivate() throws Exception {
        Path file = dir.resolve(AdminProperties.FILE_NAME);
        props.write(file);
        AdminProperties changed =
                new AdminProperties("jdbc:mysql://127.0.0.1:3316/grantgate", "grantgate_admin", new Secret("other"));
        changed.write(file);

        assertThat(AdminProperties.read(file)).isEqualTo(changed);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(props.toString()).doesNotContain("s3cr").contains("****");
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "catalog.url=jdbc:mysql://h/grantgate\ncatalog.user=u\n");

        assertThatThrownBy(() -> AdminProperties.read(file)).hasMessageContaining("catalog.password");
    }

    @Test
    void aUrlThatIsNotMysqlIsRejected() {
        assertThatThrownBy(() -> new AdminProperties("jdbc:postgresql://h/x", "u", new Secret("p")))
                .hasMessageContaining("catalog.url");
    }
}
