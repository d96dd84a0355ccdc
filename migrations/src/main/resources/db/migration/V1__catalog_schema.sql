-- GrantGate catalog schema, version 1.
-- Runs unchanged on MySQL 8.4/9.x and MariaDB 10.11/11.x: InnoDB, utf8mb4, no vendor-only syntax.
-- Names (users, schemas, tables) compare byte for byte, as MySQL compares user and database names on
-- Linux, hence utf8mb4_bin. Timestamps are TIMESTAMP(3): stored in UTC whatever the session zone.
-- Never edit this file once released: add V2__... instead.

-- One row: the catalog version every gateway polls. Each admin change bumps it in the same
-- transaction as the change, so a gateway that sees a new version reads a consistent catalog.
CREATE TABLE catalog_version (
    id          TINYINT      NOT NULL,
    version     BIGINT       NOT NULL,
    changed_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    changed_by  VARCHAR(128) NULL,
    PRIMARY KEY (id),
    CONSTRAINT catalog_version_single_row CHECK (id = 1),
    CONSTRAINT catalog_version_positive CHECK (version > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

INSERT INTO catalog_version (id, version, changed_by) VALUES (1, 1, 'migration V1');

-- A gateway account: who may log in to the gateway.
-- status: 'active' may log in; 'locked' may not; 'pending' is being provisioned on the backend
-- and may not log in until that finished (a half-provisioned account is never active).
CREATE TABLE account (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    user_name            VARCHAR(32)  NOT NULL,
    auth_plugin          VARCHAR(64)  NOT NULL,
    status               VARCHAR(16)  NOT NULL DEFAULT 'pending',
    require_tls          BOOLEAN      NOT NULL DEFAULT FALSE,
    max_connections      INT          NULL,
    created_at           TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at           TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    password_changed_at  TIMESTAMP(3) NULL,
    PRIMARY KEY (id),
    UNIQUE KEY account_user_name (user_name),
    CONSTRAINT account_status_known CHECK (status IN ('pending', 'active', 'locked')),
    CONSTRAINT account_max_connections_positive CHECK (max_connections IS NULL OR max_connections > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Password verifiers, stored as MySQL stores them ('$A$005$...' for caching_sha2_password,
-- '*HEX' for mysql_native_password), never the password. Binary: the caching_sha2 salt is raw
-- bytes. 'primary' is the current password; 'secondary' the retained one during a rotation.
CREATE TABLE account_verifier (
    account_id   BIGINT          NOT NULL,
    auth_plugin  VARCHAR(64)     NOT NULL,
    slot         VARCHAR(16)     NOT NULL DEFAULT 'primary',
    verifier     VARBINARY(512)  NOT NULL,
    created_at   TIMESTAMP(3)    NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (account_id, auth_plugin, slot),
    CONSTRAINT account_verifier_slot_known CHECK (slot IN ('primary', 'secondary')),
    CONSTRAINT account_verifier_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Host patterns in MySQL syntax ('%', '192.168.88.%', '10.0.0.0/255.0.0.0', '10.0.0.0/8', '::1'),
-- matched against the real peer address; no DNS. Stored normalised (lower case).
CREATE TABLE account_host (
    account_id    BIGINT        NOT NULL,
    host_pattern  VARCHAR(255)  NOT NULL,
    created_at    TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (account_id, host_pattern),
    CONSTRAINT account_host_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Grants: one row per privilege and scope. scope_level says which of scope_db / scope_table mean
-- something, so that no database name is reserved as a wildcard marker: 'global' is *.*,
-- 'database' is db.*, 'table' is db.table.
CREATE TABLE account_grant (
    account_id         BIGINT        NOT NULL,
    scope_level        VARCHAR(8)    NOT NULL,
    scope_db           VARCHAR(64)   NOT NULL DEFAULT '',
    scope_table        VARCHAR(64)   NOT NULL DEFAULT '',
    privilege          VARCHAR(64)   NOT NULL,
    with_grant_option  BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (account_id, scope_level, scope_db, scope_table, privilege),
    CONSTRAINT account_grant_scope_shape CHECK (
        (scope_level = 'global' AND scope_db = '' AND scope_table = '')
        OR (scope_level = 'database' AND scope_db <> '' AND scope_table = '')
        OR (scope_level = 'table' AND scope_db <> '' AND scope_table <> '')),
    CONSTRAINT account_grant_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The backend account mirroring each gateway account: a derived user name (MySQL's 32-char limit),
-- its host, and the version of the secret its password is derived from (the password itself is
-- never stored: it is an HMAC of the master key). state tracks provisioning so that a failed
-- backend step can be finished or undone by 'admin doctor --repair'.
-- No cascade from account: a backend account must be dropped on the backend before its row goes.
CREATE TABLE backend_account (
    account_id      BIGINT         NOT NULL,
    backend_user    VARCHAR(32)    NOT NULL,
    backend_host    VARCHAR(255)   NOT NULL,
    auth_plugin     VARCHAR(64)    NOT NULL,
    secret_version  INT            NOT NULL DEFAULT 1,
    state           VARCHAR(16)    NOT NULL DEFAULT 'pending',
    last_error      VARCHAR(1024)  NULL,
    provisioned_at  TIMESTAMP(3)   NULL,
    updated_at      TIMESTAMP(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
    PRIMARY KEY (account_id),
    UNIQUE KEY backend_account_login (backend_user, backend_host),
    CONSTRAINT backend_account_state_known CHECK (state IN ('pending', 'provisioned', 'failed', 'dropping')),
    CONSTRAINT backend_account_secret_version_positive CHECK (secret_version > 0),
    CONSTRAINT backend_account_account FOREIGN KEY (account_id) REFERENCES account (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Running gateways: each registers at start and heartbeats, so 'admin' can show who is serving
-- and which catalog version each one has applied.
CREATE TABLE gateway_instance (
    instance_id      VARCHAR(64)   NOT NULL,
    address          VARCHAR(255)  NOT NULL,
    software_version VARCHAR(32)   NOT NULL,
    catalog_version  BIGINT        NULL,
    started_at       TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    heartbeat_at     TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (instance_id),
    KEY gateway_instance_heartbeat (heartbeat_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Audit trail: logins (accepted and denied, with the reason the client is not told), session ends,
-- sessions closed by revocation, and every admin change. detail is JSON text (MariaDB's JSON type is
-- an alias of LONGTEXT, MySQL's is binary: plain TEXT reads the same on both).
CREATE TABLE audit_event (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    occurred_at     TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    event_type      VARCHAR(32)   NOT NULL,
    outcome         VARCHAR(16)   NOT NULL,
    reason          VARCHAR(64)   NULL,
    instance_id     VARCHAR(64)   NULL,
    actor           VARCHAR(128)  NULL,
    user_name       VARCHAR(32)   NULL,
    client_address  VARCHAR(64)   NULL,
    connection_id   BIGINT        NULL,
    detail          TEXT          NULL,
    PRIMARY KEY (id),
    KEY audit_event_time (occurred_at),
    KEY audit_event_user_time (user_name, occurred_at),
    KEY audit_event_type_time (event_type, occurred_at),
    CONSTRAINT audit_event_outcome_known CHECK (outcome IN ('ok', 'denied', 'error'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
