package io.grantgate.audit;

/**
 * Why a payload's parameters cannot be told: the message goes into the audit record. Thrown and
 * caught inside this package only, never to a caller. It carries no stack trace, as a client can
 * cause one with every packet and the trace would say nothing the message does not.
 */
final class Undecodable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Undecodable(String reason) {
        super(reason, null, false, false);
    }
}
