package io.grantgate.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendNodesTest {

    private final BackendEndpoint a = BackendEndpoint.plain("10.0.0.1", 3306);
    private final BackendEndpoint b = BackendEndpoint.plain("10.0.0.2", 3306);
    private final BackendEndpoint c = BackendEndpoint.plain("10.0.0.3", 3306);
    private final BackendNodes nodes = new BackendNodes(List.of(a, b, c));

    @Test
    void newSessionsGoToTheFirstNodeInServiceInTheConfiguredOrder() {
        assertThat(nodes.candidates()).containsExactly(a, b, c);
        nodes.update(a, NodeHealth.out("gone"));
        assertThat(nodes.candidates()).containsExactly(b, c, a);
        nodes.update(b, NodeHealth.out("gone"));
        assertThat(nodes.candidates()).containsExactly(c, a, b);
    }

    @Test
    void anEarlierNodeBackInServiceTakesNewSessionsAgain() {
        nodes.update(a, NodeHealth.out("gone"));
        assertThat(nodes.update(a, NodeHealth.IN_SERVICE).up()).isFalse();
        assertThat(nodes.candidates()).containsExactly(a, b, c);
    }

    @Test
    void withEveryNodeOutEachIsStillTriedInOrder() {
        List.of(a, b, c).forEach(node -> nodes.update(node, NodeHealth.out("gone")));
        assertThat(nodes.candidates()).containsExactly(a, b, c);
    }

    @Test
    void aNodeListedTwiceOrNoneIsRefused() {
        assertThatThrownBy(() -> new BackendNodes(List.of(a, a))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new BackendNodes(List.of())).hasMessageContaining("no backend node");
        assertThatThrownBy(() -> nodes.update(BackendEndpoint.plain("10.0.0.9", 1), NodeHealth.IN_SERVICE))
                .hasMessageContaining("not a backend node");
    }
}
