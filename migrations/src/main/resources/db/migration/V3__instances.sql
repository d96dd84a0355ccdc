-- GrantGate catalog schema, version 3: the running gateways, their sessions, and kill requests.
-- Same conventions as V1: InnoDB, utf8mb4_bin, TIMESTAMP in UTC, named CHECK constraints, no
-- vendor-only syntax; runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V4__... instead.

-- What 'admin status' shows of each gateway beyond V1's columns. heartbeat_ms is the gateway's
-- heartbeat interval (its catalog.poll-interval), so that staleness is judged per instance even
-- when gateways poll at different rates.
ALTER TABLE gateway_instance
    ADD COLUMN ops_address   VARCHAR(255) NULL,
    ADD COLUMN open_sessions INT          NOT NULL DEFAULT 0,
    ADD COLUMN heartbeat_ms  INT          NOT NULL DEFAULT 1000,
    ADD CONSTRAINT gateway_instance_sessions_not_negative CHECK (open_sessions >= 0),
    ADD CONSTRAINT gateway_instance_heartbeat_positive CHECK (heartbeat_ms > 0);

-- The logged-in sessions of every gateway, as of its last heartbeat: written by the gateway that
-- holds them (rows inserted, updated and deleted in multi-row statements once per heartbeat, only
-- for sessions that changed), read by 'admin sessions'. connection_id is the id the client got
-- in the greeting; every gateway counts from the same start, so the key includes the instance.
CREATE TABLE gateway_session (
    instance_id     VARCHAR(64)  NOT NULL,
    connection_id   BIGINT       NOT NULL,
    user_name       VARCHAR(32)  NOT NULL,
    client_address  VARCHAR(64)  NOT NULL,
    client_port     INT          NOT NULL,
    tls_version     VARCHAR(16)  NULL,
    started_at      TIMESTAMP(3) NOT NULL,
    running         BOOLEAN      NOT NULL DEFAULT FALSE,
    bytes_in        BIGINT       NOT NULL DEFAULT 0,
    bytes_out       BIGINT       NOT NULL DEFAULT 0,
    commands        BIGINT       NOT NULL DEFAULT 0,
    updated_at      TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (instance_id, connection_id),
    KEY gateway_session_user (user_name),
    KEY gateway_session_connection (connection_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- 'admin sessions kill': one row per request, inserted in the same transaction as the catalog
-- version bump that makes the gateways look. The gateway named by instance_id ends the session and
-- sets done_at and outcome: 'killed', or 'not_found' when the session had already ended.
CREATE TABLE session_kill (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    instance_id    VARCHAR(64)  NOT NULL,
    connection_id  BIGINT       NOT NULL,
    requested_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    requested_by   VARCHAR(128) NOT NULL,
    done_at        TIMESTAMP(3) NULL,
    outcome        VARCHAR(16)  NULL,
    PRIMARY KEY (id),
    KEY session_kill_pending (instance_id, done_at),
    CONSTRAINT session_kill_outcome_known CHECK (outcome IS NULL OR outcome IN ('killed', 'not_found'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
