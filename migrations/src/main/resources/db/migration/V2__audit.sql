-- GrantGate catalog schema, version 2: the audit trail of each account's sessions.
-- Same conventions as V1: InnoDB, utf8mb4_bin, TIMESTAMP in UTC, named CHECK constraints, no
-- vendor-only syntax; runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V3__... instead.

-- What the gateways record of an account's sessions ('admin user audit USER --level'). NULL means
-- the gateways' own audit.default-level, so that changing that setting reaches every account that
-- was never given a level of its own.
ALTER TABLE account
    ADD COLUMN audit_level VARCHAR(16) NULL,
    ADD CONSTRAINT account_audit_level_known
        CHECK (audit_level IS NULL OR audit_level IN ('off', 'logins', 'statements'));

-- The head of each gateway's audit chain: the file it writes, the sequence number and MAC of its
-- last record. A gateway writes its row at least every 10 s, so a file whose tail was cut (or a
-- file replaced by an older copy) ends before the checkpoint and is detected, which the chain in
-- the file alone cannot show. checkpointed_at is written explicitly: an idle gateway rewrites the
-- same head, and ON UPDATE would not fire for an unchanged row.
CREATE TABLE audit_checkpoint (
    instance_id      VARCHAR(64)   NOT NULL,
    file_name        VARCHAR(255)  NOT NULL,
    seq              BIGINT        NOT NULL,
    mac              CHAR(64)      NOT NULL,
    checkpointed_at  TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (instance_id),
    CONSTRAINT audit_checkpoint_seq_not_negative CHECK (seq >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The gateway's events in the catalog. user_name is widened because a denied login records the
-- name as the client sent it, which no account limit bounds (the gateway cuts it to 255
-- characters). client_port completes the client's address. The index serves
-- 'admin audit --client-address': an IPv4 network's leading octets are a prefix of the dotted text.
ALTER TABLE audit_event
    MODIFY COLUMN user_name VARCHAR(255) NULL,
    ADD COLUMN client_port INT NULL AFTER client_address,
    ADD KEY audit_event_client_time (client_address, occurred_at),
    ADD CONSTRAINT audit_event_client_port_range CHECK (client_port IS NULL OR client_port BETWEEN 0 AND 65535);
