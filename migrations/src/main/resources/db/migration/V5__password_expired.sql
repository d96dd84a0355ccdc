-- GrantGate catalog schema, version 5: expired passwords.
-- Same conventions as V1: InnoDB, utf8mb4_bin, TIMESTAMP in UTC, named CHECK constraints, no
-- vendor-only syntax; runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V6__... instead.

-- Whether the account's password has expired ('admin user password USER --expire'): its owner may
-- log in only to set a new one, which the gateway takes itself (SET PASSWORD, ALTER USER ...
-- IDENTIFIED BY). The flag belongs to the verifier, not the account: a new verifier (REPLACE by
-- 'admin user password', or the gateway's own UPDATE) is a new password, so it starts unexpired.
-- Keeping it here also keeps the gateways' write to this one table (and the catalog version): they
-- may change a verifier and clear this flag, never an account's status, hosts or grants.
ALTER TABLE account_verifier
    ADD COLUMN password_expired BOOLEAN NOT NULL DEFAULT FALSE;
