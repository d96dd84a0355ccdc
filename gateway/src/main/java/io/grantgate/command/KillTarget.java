package io.grantgate.command;

/**
 * Whom a KILL the gateway answers names: a connection id, or the session that sends it
 * ({@code KILL CONNECTION_ID()}). An id is resolved in the one id space clients see: a gateway
 * connection id (the greeting's) or the backend connection id a session of the same account holds
 * (what {@code CONNECTION_ID()} and the process list show).
 */
public sealed interface KillTarget {

    /** {@code KILL n}, COM_PROCESS_KILL: a gateway connection id or a backend one. */
    record ConnectionId(long id) implements KillTarget {}

    /** {@code KILL CONNECTION_ID()}: the session itself, whatever backend connection it holds. */
    record Itself() implements KillTarget {}

    Itself ITSELF = new Itself();
}
