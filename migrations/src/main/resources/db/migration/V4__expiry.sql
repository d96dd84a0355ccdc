-- GrantGate catalog schema, version 4: time-limited host patterns and grants.
-- Same conventions as V1: InnoDB, utf8mb4_bin, no vendor-only syntax;
-- runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V5__... instead.

-- When the row's access ends; NULL for access that does not end. DATETIME holding UTC, not
-- TIMESTAMP: the value is written and read as UTC text and compared with UTC_TIMESTAMP(3), so no
-- session time zone (nor a daylight-saving hour that repeats) can shift it, and it reaches past
-- 2038, which a TIMESTAMP does not. The gateways stop honouring a row once its time has passed;
-- the row goes (and the backend privilege with it) when an admin sweeps it ('admin expire').
ALTER TABLE account_host
    ADD COLUMN expires_at DATETIME(3) NULL,
    ADD KEY account_host_expiry (expires_at);

ALTER TABLE account_grant
    ADD COLUMN expires_at DATETIME(3) NULL,
    ADD KEY account_grant_expiry (expires_at);
