package io.grantgate.bench.netfuzz;

import java.util.Set;

/**
 * What one mutated session got.
 *
 * @param loggedIn whether the real login before the recorded commands succeeded (false for recorded logins)
 * @param errorCodes the codes of every ERR packet the gateway sent
 * @param end how the connection ended
 * @param finding what went wrong on the gateway's side, or null
 */
record SessionOutcome(boolean loggedIn, Set<Integer> errorCodes, End end, long millis, String finding) {

    /** Who ended the connection, and how. */
    enum End {
        /** The gateway closed it (FIN) after the client had sent what it meant to. */
        GATEWAY_CLOSED,
        /** The gateway closed it while the client still wrote, or sent an RST. */
        GATEWAY_RESET,
        /** The client closed or reset it first, as planned. */
        CLIENT_CLOSED,
        /** The gateway neither answered nor closed in time: a finding. */
        HUNG
    }
}
