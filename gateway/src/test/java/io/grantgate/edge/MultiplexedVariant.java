package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * What the {@code *Multiplexed*IT} variants of the client ITs share: the same tests, with the peers'
 * sessions multiplexed ({@code sessions.multiplexing=transaction}), and the check afterwards that they
 * really were, i.e. that the clients negotiated CLIENT_SESSION_TRACK and some of their sessions gave a
 * connection back between statements (a variant whose clients all held their connection, as with
 * {@code off}, would prove nothing).
 */
final class MultiplexedVariant {

    /** The gateway settings of every multiplexed variant. */
    static final Map<String, String> SETTINGS = Map.of("sessions.multiplexing", Multiplexing.TRANSACTION.setting());

    private MultiplexedVariant() {}

    /** The settings with multiplexing on top. */
    static Map<String, String> with(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putAll(SETTINGS);
        return all;
    }

    /** After the IT's start: the fixture's Connector/J URLs ask for session tracking, so that those sessions are multiplexed too. */
    static void started(GatewayFixture gateway) {
        gateway.connectorJTracksSessionState();
    }

    /** Fails unless sessions of {@code gateway} gave backend connections back between statements. */
    static void assertSessionsWereMultiplexed(GatewayFixture gateway) {
        MultiplexStats stats = gateway.runtime.multiplexStats();
        System.out.printf(
                "multiplexed variant: %d borrows, %d connections given back between statements%n",
                stats.borrows(), stats.returns());
        assertThat(stats.returns())
                .as("connections given back between statements: the clients' sessions were multiplexed")
                .isPositive();
    }
}
