package io.grantgate.audit;

import static io.grantgate.audit.StmtPackets.bulk;
import static io.grantgate.audit.StmtPackets.int4;
import static io.grantgate.audit.StmtPackets.lengthEncoded;
import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.audit.AuditValue.Kind;
import io.grantgate.audit.StmtPackets.Bulk;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MariaDB's COM_STMT_BULK_EXECUTE as the audit reads it: rows, indicators, types kept, the cap, bad input. */
class BulkRowsTest {

    private static final int LONG = 3;
    private static final int VAR_STRING = 253;

    private final PreparedStatements statements = new PreparedStatements(200);

    private BulkRows run(byte[] payload) {
        return statements.bulkExecute(payload, 0, payload.length);
    }

    @Test
    void everyRowWithItsIndicators() {
        PreparedStatements statements = new PreparedStatements(64 * 1024);
        statements.prepared(7, 2);

        byte[] payload = (bulk(7).type(LONG, 0)
                .type(VAR_STRING, 0)
                .value(int4(1))
                .value(lengthEncoded(bytes("a")))
                .indicator(Bulk.NULL)
                .indicator(Bulk.DEFAULT)
                .value(int4(3))
                .indicator(Bulk.IGNORE)
                .build());
        BulkRows rows = statements.bulkExecute(payload, 0, payload.length);

        assertThat(rows.total()).isEqualTo(3);
        assertThat(rows.rows()).hasSize(3);
        assertThat(rows.rows().get(0))
                .extracting(AuditValue::type, AuditValue::kind, v -> v.value().orElse(null))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("LONG", Kind.NUMBER, "1"),
                        org.assertj.core.groups.Tuple.tuple("VAR_STRING", Kind.TEXT, "a"));
        assertThat(rows.rows().get(1)).extracting(AuditValue::kind).containsExactly(Kind.NULL, Kind.DEFAULT);
        assertThat(rows.rows().get(2)).extracting(AuditValue::kind).containsExactly(Kind.NUMBER, Kind.IGNORE);
    }

    @Test
    void rowsPastTheCapAreCountedNotKept() {
        statements.prepared(1, 1);
        Bulk bulk = bulk(1).type(VAR_STRING, 0);
        for (int i = 0; i < 10_000; i++) {
            bulk.value(lengthEncoded(bytes("row " + i)));
        }

        BulkRows rows = run(bulk.build());

        assertThat(rows.total()).isEqualTo(10_000);
        // a cap of 200: "row 0" … "row 4" cost 5 + 32 bytes each, the sixth row would pass it
        assertThat(rows.rows()).hasSize(5);
        assertThat(rows.rows().getFirst().getFirst().value()).contains("row 0");
    }

    @Test
    void theFirstRowIsKeptWhateverItsSize() {
        statements.prepared(1, 1);

        BulkRows rows = run(bulk(1).type(VAR_STRING, 0)
                .value(lengthEncoded(new byte[500]))
                .value(lengthEncoded(new byte[1]))
                .build());

        assertThat(rows.total()).isEqualTo(2);
        assertThat(rows.rows()).hasSize(1);
        assertThat(rows.rows().getFirst().getFirst().cut()).isTrue();
    }

    @Test
    void typesSentOnceServeTheNextBulkAndExecute() {
        statements.prepared(1, 1);
        run(bulk(1).type(LONG, StmtPackets.UNSIGNED).value(int4(1)).build());

        BulkRows again = run(bulk(PreparedStatements.LAST_PREPARED)
                .withoutTypes()
                .value(int4(0xFFFFFFFFL))
                .build());

        assertThat(again.total()).isEqualTo(1);
        assertThat(again.rows().getFirst().getFirst().type()).isEqualTo("LONG UNSIGNED");
        assertThat(again.rows().getFirst().getFirst().value()).contains("4294967295");
    }

    @Test
    void whatCannotBeReadSaysWhy() {
        statements.prepared(1, 1);
        statements.prepared(2, 0);

        assertThat(reason(run(bulk(9).type(LONG, 0).value(int4(1)).build()))).contains("unknown statement id 9");
        assertThat(reason(run(bulk(1).withoutTypes().value(int4(1)).build()))).contains("no parameter types");
        assertThat(reason(run(bulk(2).build()))).contains("without parameters");
        assertThat(reason(run(bulk(1).type(LONG, 0).build()))).contains("without rows");
        byte[] cut = bulk(1).type(LONG, 0).value(int4(1)).value(int4(2)).build();
        assertThat(reason(statements.bulkExecute(cut, 0, cut.length - 1))).contains("row 2, parameter 0");
        assertThat(reason(run(bulk(1).type(LONG, 0).indicator(9).build()))).contains("unknown indicator");
        byte[] execute = StmtPackets.execute(1).param(LONG, int4(1)).build();
        assertThat(reason(run(execute))).contains("not a COM_STMT_BULK_EXECUTE");
    }

    private static String reason(BulkRows rows) {
        assertThat(rows.total()).isEqualTo(-1);
        List<AuditValue> only = rows.rows().getFirst();
        assertThat(only).singleElement().extracting(AuditValue::type).isEqualTo(PreparedStatements.UNDECODABLE);
        return only.getFirst().value().orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
