package io.grantgate.admin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditFileTrail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.jsonl");
    }

    private long writeTrail(int statements, long rotateBytes) throws Exception {
        AuditFileTrail trail = AuditTrails.open(file(), rotateBytes);
        AuditTrails.statements(trail, 1, statements);
        trail.close();
        return trail.head().seq();
    }

    private static AuditTrails.Run verify(String... args) {
        return AuditTrails.run(new AuditVerifyCommand(AuditTrails.ENVIRONMENT), args);
    }

    @Test
    void anIntactTrailInADirectory() throws Exception {
        writeTrail(50, 2_000);

        AuditTrails.Run run = verify(dir.toString(), "--checkpoint-seq", "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("audit trail intact: ").contains("records (seq 1 to ");
    }

    @Test
    void aTamperedRecordIsNamedWithItsPosition() throws Exception {
        writeTrail(5, 1 << 20);
        List<String> lines = Files.readAllLines(file(), UTF_8);
        lines.set(2, lines.get(2).replace("select 2", "select 3"));
        Files.write(file(), lines, UTF_8);

        AuditTrails.Run run = verify(file().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().strip())
                .isEqualTo("audit trail NOT intact at " + file() + " line 3 (seq 3): mac mismatch (altered)");
    }

    @Test
    void aTrailShorterThanItsCheckpointAsJson() throws Exception {
        long last = writeTrail(5, 1 << 20);

        AuditTrails.Run run = verify(file().toString(), "--checkpoint-seq", String.valueOf(last + 2), "-o", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("records").asLong()).isEqualTo(last);
        assertThat(result.get("problem").get("what").asText())
                .isEqualTo("truncated: the trail ends at seq " + last + " but the checkpoint says " + (last + 2));
        assertThat(result.get("problem").get("line").asLong()).isEqualTo(last);
    }

    @Test
    void theKeyFromTheFileTheAdminPropertiesName() throws Exception {
        writeTrail(3, 1 << 20);
        Path keyFile = dir.resolve("keys").resolve("master.key");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, AuditTrails.MASTER_KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path properties = dir.resolve("admin.properties");
        Files.writeString(
                properties,
                "catalog.url=jdbc:mysql://localhost:3306/grantgate\ncatalog.user=admin\ncatalog.password=x\n"
                        + "master-key.file=keys/master.key\n");

        AuditTrails.Run run = AuditTrails.run(
                new AuditVerifyCommand(Map.of()), file().toString(), "--admin-properties", properties.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void anotherMasterKeyFailsAtTheFirstRecord() throws Exception {
        writeTrail(3, 1 << 20);
        Map<String, String> other = Map.of(MasterKey.KEY_VARIABLE, "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        AuditTrails.Run run = AuditTrails.run(new AuditVerifyCommand(other), file().toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("line 1 (seq 1): mac mismatch (altered, or written with another master key)");
    }

    @Test
    void withoutAMasterKeyItFails() throws Exception {
        writeTrail(1, 1 << 20);

        AuditTrails.Run run = AuditTrails.run(
                new AuditVerifyCommand(Map.of()),
                file().toString(),
                "--admin-properties",
                dir.resolve("none.properties").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot read");
    }

    @Test
    void usageErrors() throws Exception {
        writeTrail(1, 1 << 20);

        assertThat(verify().exitCode()).as("no file").isEqualTo(2);
        assertThat(verify(dir.resolve("missing.jsonl").toString()).exitCode()).isEqualTo(2);
        assertThat(verify(file().toString(), "--checkpoint-seq", "0").exitCode())
                .isEqualTo(2);
        assertThat(verify(file().toString(), "--checkpoint-mac", "ab").exitCode())
                .isEqualTo(2);
        assertThat(verify(file().toString(), "--checkpoint-seq", "1", "--checkpoint-mac", "xyz")
                        .exitCode())
                .isEqualTo(2);
    }

    @Test
    void aPublicNoArgumentConstructorForTheParentCommand() {
        AuditTrails.Run run = AuditTrails.run(new AuditVerifyCommand(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: verify").contains("--checkpoint-seq");
    }
}
