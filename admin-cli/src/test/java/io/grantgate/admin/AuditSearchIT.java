package io.grantgate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Filtering by client network pages through the trail: across pages, and across rows of one instant. */
class AuditSearchIT {

    @Test
    void pagesCrossRowsOfTheSameInstantWithoutLosingOrRepeatingAny() throws Exception {
        AdminFixture fixture = new AdminFixture("auditpage");
        List<Long> expected = new ArrayList<>();
        try (Connection c = fixture.backend.connect(fixture.schema)) {
            // ids grow with i; times: three groups sharing an instant each, newest group last
            for (int i = 0; i < 12; i++) {
                String address = i % 3 == 0 ? "::1" : "10.0." + i + ".1";
                long id = insert(c, "2025-01-0" + (1 + i / 4) + " 00:00:00.000000", address);
                if (i % 3 != 0) {
                    expected.add(id);
                }
            }
        }
        // times and ids both grow with i, so newest first (by time, then id) is i backwards, and
        // four rows share each instant
        List<Long> newestFirst = expected.reversed();
        AuditQuery all = query(100);

        for (int page : new int[] {1, 2, 3, 5, 1000}) {
            try (Connection c = fixture.backend.connect(fixture.schema)) {
                List<Long> ids = new AuditSearch(c, page)
                        .run(all).stream().map(AuditRecord::id).toList();
                assertThat(ids).as("page size " + page).containsExactlyElementsOf(newestFirst);
                assertThat(new AuditSearch(c, page)
                                .run(query(3)).stream().map(AuditRecord::id).toList())
                        .as("page size " + page + ", limit 3")
                        .containsExactlyElementsOf(newestFirst.subList(0, 3));
            }
        }
    }

    private static AuditQuery query(int limit) {
        return new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(ClientNetwork.parse("10.0.0.0/8")),
                Optional.empty(),
                limit);
    }

    private static long insert(Connection c, String at, String address) throws Exception {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_event (occurred_at, event_type, outcome, client_address) VALUES (?, 'login', 'ok', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, at);
            s.setString(2, address);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
