package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {

    @Test
    void idsStartAboveTheBackendsThreadIdsAndCountUp() {
        ConnectionIds ids = new ConnectionIds();
        assertThat(ids.next(id -> false)).isEqualTo(1_000_000_001L);
        assertThat(ids.next(id -> false)).isEqualTo(1_000_000_002L);
    }

    @Test
    void afterTheLargestPositiveIntTheyStartAgainSkippingThoseInUse() {
        ConnectionIds ids = new ConnectionIds(Integer.MAX_VALUE);
        Set<Long> inUse = Set.of(ConnectionIds.FIRST, ConnectionIds.FIRST + 1);
        assertThat(ids.next(inUse::contains)).isEqualTo(Integer.MAX_VALUE);
        assertThat(ids.next(inUse::contains)).isEqualTo(ConnectionIds.FIRST + 2);
    }

    @Test
    void aStartOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> new ConnectionIds(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
