-- GrantGate catalog schema, version 6: roles.
-- Same conventions as V1: InnoDB, utf8mb4_bin, TIMESTAMP in UTC, named CHECK constraints, no
-- vendor-only syntax; runs on MySQL 8.4/9.x and MariaDB 10.11/11.x.
-- Never edit this file once released: add V7__... instead.

-- A named set of grants ('admin role create'). Roles live in the catalog only: the backend never
-- sees them. Each member's backend account holds plain grants, its own and its roles' together, so
-- that roles work the same on MariaDB and MySQL (whose role activation rules differ).
-- role_name follows the rules of account.user_name (<= 32 characters, no quotes or backslash).
CREATE TABLE role (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    role_name   VARCHAR(32)   NOT NULL,
    created_at  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (id),
    UNIQUE KEY role_name_unique (role_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- A role's grants: one row per privilege and scope, shaped as account_grant (without an expiry).
CREATE TABLE role_grant (
    role_id      BIGINT        NOT NULL,
    scope_level  VARCHAR(8)    NOT NULL,
    scope_db     VARCHAR(64)   NOT NULL DEFAULT '',
    scope_table  VARCHAR(64)   NOT NULL DEFAULT '',
    privilege    VARCHAR(64)   NOT NULL,
    created_at   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (role_id, scope_level, scope_db, scope_table, privilege),
    CONSTRAINT role_grant_scope_shape CHECK (
        (scope_level = 'global' AND scope_db = '' AND scope_table = '')
        OR (scope_level = 'database' AND scope_db <> '' AND scope_table = '')
        OR (scope_level = 'table' AND scope_db <> '' AND scope_table <> '')),
    CONSTRAINT role_grant_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Which accounts have which roles ('admin grant USER --role ROLE'). Goes with the account or the
-- role (cascade); 'admin role drop --force' re-provisions the members before the role goes.
CREATE TABLE account_role (
    account_id  BIGINT        NOT NULL,
    role_id     BIGINT        NOT NULL,
    created_at  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (account_id, role_id),
    KEY account_role_role (role_id),
    CONSTRAINT account_role_account FOREIGN KEY (account_id) REFERENCES account (id) ON DELETE CASCADE,
    CONSTRAINT account_role_role FOREIGN KEY (role_id) REFERENCES role (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
