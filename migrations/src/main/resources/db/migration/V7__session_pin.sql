-- GrantGate catalog schema, version 7: how each session holds its backend connection.
-- Same conventions as V1: InnoDB, utf8mb4_bin, TIMESTAMP in UTC, named CHECK constraints, no
-- vendor-only syntax; runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V8__... instead.

-- What 'admin sessions' shows in its BACKEND column, as of the gateway's last heartbeat:
--   'own'            the session holds its backend connection from login to end (multiplexing off,
--                    or a client without CLIENT_SESSION_TRACK);
--   'shared'         multiplexed: it borrows a connection per command and gives it back after;
--   'pinned:<tag>'   multiplexed, but keeping its connection until it ends (or, for 'transaction',
--                    until the transaction is over); the tag is the first reason of the pin, as the
--                    metric grantgate_multiplex_pins_total{reason} names it.
-- NULL: written by a gateway older than this version, which does not say.
-- One column rather than a flag and a reason, so that a heartbeat compares and writes one value.
ALTER TABLE gateway_session
    ADD COLUMN backend VARCHAR(32) NULL,
    ADD CONSTRAINT gateway_session_backend_known CHECK (
        backend IS NULL OR backend IN ('own', 'shared') OR backend LIKE 'pinned:%');
