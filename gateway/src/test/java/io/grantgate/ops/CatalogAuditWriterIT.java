package io.grantgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.grantgate.audit.AuditEvent;
import io.grantgate.catalog.CatalogDataSource;
import io.grantgate.migrations.CatalogMigrator;
import io.grantgate.testing.SwitchableDataSource;
import io.grantgate.testing.TestBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The catalog copy of session events: while the catalog cannot be reached, events wait in the
 * writer's queue and reach {@code audit_event} once it is back, in one piece and without duplicates.
 */
class CatalogAuditWriterIT {

    @Test
    void eventsWaitWhileTheCatalogIsDownAndArriveWhenItIsBack() throws Exception {
        TestBackend backend = TestBackend.get();
        try (HikariDataSource catalog =
                CatalogDataSource.open(backend.catalogSettings(backend.newSchema("auditcopy")), "test-audit-copy")) {
            new CatalogMigrator(catalog).migrate();
            SwitchableDataSource switchable = new SwitchableDataSource(catalog);
            switchable.down(true);
            try (CatalogAuditWriter writer = new CatalogAuditWriter(switchable, 1000)) {
                for (int i = 1; i <= 50; i++) {
                    writer.offer(login(i));
                }
                Thread.sleep(1500); // at least one failed attempt
                assertThat(rows(catalog)).isEmpty();

                switchable.down(false);
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (rows(catalog).size() < 50 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(writer.dropped()).isZero();
            }
            List<String> rows = rows(catalog);
            assertThat(rows).hasSize(50).doesNotHaveDuplicates();
            assertThat(rows.getFirst()).isEqualTo("login denied bad_password user1 127.0.0.2 41001");
            List<Long> occurred = occurredMicros(catalog);
            assertThat(occurred)
                    .as("each row's occurred_at is its event's time, to the microsecond")
                    .hasSize(50)
                    .first()
                    .isEqualTo(login(1).timeMicros());
            assertThat(occurred.getLast()).isEqualTo(login(50).timeMicros());
        }
    }

    /** occurred_at as microseconds since the epoch, whatever the session's time zone, by connection id. */
    private static List<Long> occurredMicros(DataSource catalog) throws SQLException {
        List<Long> micros = new ArrayList<>();
        try (Connection c = catalog.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT UNIX_TIMESTAMP(occurred_at) * 1000000 FROM audit_event ORDER BY connection_id")) {
            while (rs.next()) {
                micros.add(rs.getBigDecimal(1).longValueExact());
            }
        }
        return micros;
    }

    private static AuditEvent.Login login(int i) {
        return new AuditEvent.Login(
                1_790_000_000_000_000L + i,
                "gw-test",
                i,
                "user" + i,
                "127.0.0.2",
                41_000 + i,
                Optional.empty(),
                Optional.empty(),
                "caching_sha2_password",
                Optional.empty(),
                "denied",
                Optional.of("bad_password"),
                Optional.empty());
    }

    private static List<String> rows(DataSource catalog) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = catalog.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CONCAT_WS(' ', event_type, outcome, reason, user_name,"
                        + " client_address, client_port) FROM audit_event ORDER BY connection_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
