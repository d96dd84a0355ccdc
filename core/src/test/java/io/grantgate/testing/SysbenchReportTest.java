package io.grantgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SysbenchReportTest {

    @Test
    void readsTheSqlStatisticsOfARealRun() throws IOException {
        // sysbench 1.0.20 oltp_read_write, 2 tables of 1000 rows, 4 threads for 5 s, through a gateway
        String output;
        try (InputStream in =
                SysbenchReportTest.class.getResourceAsStream("/fixtures/sysbench/oltp_read_write-run-1.0.20.txt")) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(SysbenchReport.parse(output)).isEqualTo(new SysbenchReport(999, 199.22, 20030, 3994.42, 3, 0));
    }

    @Test
    void anOutputWithoutStatisticsIsAnErrorShowingTheOutput() {
        String failed = "FATAL: unable to connect to MySQL server on host '127.0.0.1', port 3307, aborting...\n";

        assertThatThrownBy(() -> SysbenchReport.parse(failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no 'transactions:' line")
                .hasMessageContaining("unable to connect");
    }
}
