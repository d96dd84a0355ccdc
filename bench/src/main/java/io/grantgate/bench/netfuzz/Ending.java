package io.grantgate.bench.netfuzz;

/** How a replay ends its side of the connection once it has sent what it planned to. */
enum Ending {
    /** Shuts down its output (FIN) and reads until the gateway closes: the gateway must close. */
    HALF_CLOSE,
    /** Closes the socket without reading on. */
    CLOSE,
    /** Closes with SO_LINGER 0: the gateway gets an RST. */
    RESET,
    /** Stops sending inside the login and waits: the gateway must close after its handshake timeout. */
    STALL_IN_HANDSHAKE
}
