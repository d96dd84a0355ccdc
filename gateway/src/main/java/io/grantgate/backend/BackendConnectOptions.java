package io.grantgate.backend;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.message.client.ConnectAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backend connection is opened with, besides where and as whom.
 *
 * @param requested        the client capabilities wanted, typically the gateway client's; the
 *                         connection negotiates them as {@link ClientCapabilities#negotiate} says
 * @param characterSet     the collation id sent in HandshakeResponse41 (e.g. 45 utf8mb4_general_ci)
 * @param schema           the initial schema, if any
 * @param attributes       connection attributes; sent (with CLIENT_CONNECT_ATTRS) only when not empty
 * @param connectTimeout   for the TCP connect
 * @param handshakeTimeout socket read timeout during the handshake and the connection's own commands;
 *                         the relay sets its own with {@link BackendConnection#readTimeout(Duration)}
 * @param maxPacketSize    the largest logical packet accepted from the backend, and announced to it
 */
public record BackendConnectOptions(
        Capabilities requested,
        int characterSet,
        Optional<String> schema,
        ConnectAttributes attributes,
        Duration connectTimeout,
        Duration handshakeTimeout,
        int maxPacketSize) {

    /** utf8mb4_general_ci: MariaDB's and old MySQL's utf8mb4 default, understood by every current server. */
    public static final int UTF8MB4_GENERAL_CI = 45;

    /** 64 MiB, MySQL 8's default max_allowed_packet. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 64 * 1024 * 1024;

    public BackendConnectOptions {
        Objects.requireNonNull(requested, "requested");
        Objects.checkIndex(characterSet, 256);
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(attributes, "attributes");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        if (maxPacketSize < 1024) {
            throw new IllegalArgumentException("maxPacketSize below 1 KiB: " + maxPacketSize);
        }
    }

    /** The defaults: nothing beyond {@link ClientCapabilities#ALWAYS}, utf8mb4, 5 s timeouts. */
    public static BackendConnectOptions defaults() {
        return new BackendConnectOptions(
                Capabilities.NONE,
                UTF8MB4_GENERAL_CI,
                Optional.empty(),
                ConnectAttributes.EMPTY,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                DEFAULT_MAX_PACKET_SIZE);
    }

    public BackendConnectOptions withRequested(Capabilities capabilities) {
        return new BackendConnectOptions(
                capabilities, characterSet, schema, attributes, connectTimeout, handshakeTimeout, maxPacketSize);
    }

    public BackendConnectOptions withCharacterSet(int id) {
        return new BackendConnectOptions(
                requested, id, schema, attributes, connectTimeout, handshakeTimeout, maxPacketSize);
    }

    public BackendConnectOptions withSchema(String initialSchema) {
        return new BackendConnectOptions(
                requested,
                characterSet,
                Optional.of(initialSchema),
                attributes,
                connectTimeout,
                handshakeTimeout,
                maxPacketSize);
    }

    public BackendConnectOptions withTimeouts(Duration connect, Duration handshake) {
        return new BackendConnectOptions(
                requested, characterSet, schema, attributes, connect, handshake, maxPacketSize);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and 24 days: " + duration);
        }
    }
}
