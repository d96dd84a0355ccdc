package io.grantgate.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.catalog.Privilege;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivilegeOrderTest {

    @Test
    void followsTheOrderShowGrantsPrints() {
        // as MariaDB 11.4 printed a global grant of these (REPLICATION CLIENT shows as BINLOG MONITOR)
        List<Privilege> shown = List.of(
                Privilege.RELOAD,
                Privilege.SHUTDOWN,
                Privilege.PROCESS,
                Privilege.FILE,
                Privilege.SHOW_DATABASES,
                Privilege.SUPER,
                Privilege.REPLICATION_SLAVE,
                Privilege.REPLICATION_CLIENT,
                Privilege.CREATE_USER,
                Privilege.CREATE_TABLESPACE);

        assertThat(shown.stream().sorted(PrivilegeOrder.SERVER_ORDER).toList()).isEqualTo(shown);
        assertThat(List.of(Privilege.INSERT, Privilege.SELECT).stream().sorted(PrivilegeOrder.SERVER_ORDER))
                .containsExactly(Privilege.SELECT, Privilege.INSERT);
    }

    @Test
    void ranksEveryPrivilege() {
        List<Privilege> sorted = Arrays.stream(Privilege.values())
                .sorted(PrivilegeOrder.SERVER_ORDER)
                .toList();

        assertThat(sorted.getFirst()).isEqualTo(Privilege.ALL_PRIVILEGES);
        assertThat(sorted.subList(sorted.size() - 2, sorted.size()))
                .containsExactly(Privilege.GRANT_OPTION, Privilege.USAGE);
        assertThat(sorted).doesNotHaveDuplicates().hasSize(Privilege.values().length);
    }
}
