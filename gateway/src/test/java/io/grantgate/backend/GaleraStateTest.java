package io.grantgate.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GaleraStateTest {

    @Test
    void aSyncedReadyNodeIsInService() {
        assertThat(GaleraState.judge(List.of(
                        List.of("wsrep_local_state", "4"),
                        List.of("wsrep_local_state_comment", "Synced"),
                        List.of("wsrep_ready", "ON"))))
                .isEqualTo(NodeHealth.IN_SERVICE);
    }

    @Test
    void aDonorAJoinerAndANodeOutOfThePrimaryComponentAreOut() {
        NodeHealth donor = GaleraState.judge(List.of(
                List.of("wsrep_local_state", "2"),
                List.of("wsrep_local_state_comment", "Donor/Desynced"),
                List.of("wsrep_ready", "ON")));
        assertThat(donor.up()).isFalse();
        assertThat(donor.reason())
                .isEqualTo("Galera node not ready: wsrep_ready ON, wsrep_local_state 2 (Donor/Desynced)");
        assertThat(GaleraState.judge(List.of(List.of("wsrep_local_state", "1"), List.of("wsrep_ready", "ON")))
                        .up())
                .isFalse();
        // a node that lost quorum: not ready, whatever its local state says
        assertThat(GaleraState.judge(List.of(List.of("wsrep_local_state", "4"), List.of("wsrep_ready", "OFF")))
                        .up())
                .isFalse();
    }

    @Test
    void missingStatusIsOutAndSaysSo() {
        NodeHealth none = GaleraState.judge(List.of());
        assertThat(none.up()).isFalse();
        assertThat(none.reason()).contains("wsrep_ready missing", "wsrep_local_state missing");
    }

    @Test
    void onlyAServerWithWsrepOnIsAGaleraNode() {
        assertThat(GaleraState.isGaleraNode(List.of(List.of("wsrep_on", "ON")))).isTrue();
        assertThat(GaleraState.isGaleraNode(List.of(List.of("wsrep_on", "OFF"))))
                .isFalse();
        // MySQL has no such variable: an empty answer
        assertThat(GaleraState.isGaleraNode(List.of())).isFalse();
    }
}
