package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditFileSettings;
import io.grantgate.audit.AuditFileTrail;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditMode;
import io.grantgate.audit.ChainHead;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code admin audit verify --instance ID}: the checkpoint a gateway wrote to the catalog is what the
 * trail must reach, so a tail cut off the file is found without anyone passing the checkpoint by hand.
 */
class AuditVerifyCheckpointIT {

    @TempDir
    Path directory;

    @Test
    void theTrailMustReachTheInstancesCheckpointInTheCatalog() throws Exception {
        AdminFixture fixture = new AdminFixture("auditcheckpoint");
        String instance = "gw-" + fixture.prefix;
        AuditFileTrail trail = AuditFileTrail.open(
                AuditFileSettings.of(directory.resolve("audit.jsonl"), AuditMode.BLOCK),
                AuditKey.derive(MasterKey.fromBase64(fixture.masterKey)),
                instance);
        AuditTrails.statements(trail, 1, 5);
        trail.close();
        ChainHead head = trail.head();

        checkpoint(fixture, instance, head.fileName(), head.seq(), head.macHex());
        CliRun intact = fixture.admin("audit", "verify", "--instance", instance, directory.toString());
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();

        // as if the gateway had checkpointed three records that are no longer in the file
        checkpoint(fixture, instance, head.fileName(), head.seq() + 3, head.macHex());
        CliRun cut = fixture.admin("audit", "verify", "--instance", instance, directory.toString());
        assertThat(cut.exitCode()).isEqualTo(1);
        assertThat(cut.out()).contains("truncated").contains(Long.toString(head.seq() + 3));

        CliRun unknown = fixture.admin("audit", "verify", "--instance", "nobody", directory.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no audit checkpoint of instance 'nobody'");
    }

    private static void checkpoint(AdminFixture fixture, String instance, String file, long seq, String mac)
            throws Exception {
        try (Connection c = fixture.backend.connect(fixture.schema);
                PreparedStatement upsert = c.prepareStatement("REPLACE INTO audit_checkpoint"
                        + " (instance_id, file_name, seq, mac, checkpointed_at) VALUES (?, ?, ?, ?, NOW(6))")) {
            upsert.setString(1, instance);
            upsert.setString(2, file);
            upsert.setLong(3, seq);
            upsert.setString(4, mac);
            upsert.executeUpdate();
        }
    }
}
