-- The privileges of GrantGate's admin login ('bin/admin', run on the admin host), on MySQL 8.4+ and
-- MariaDB 10.11+. Create the login first (docs/deploy.md, step 2), then run this file as root:
--   mariadb -u root < deploy/admin-login.sql        (mysql -u root -p < ... on MySQL)
-- Replace 127.0.0.1 by the admin host's address if bin/admin runs elsewhere, and `shop` by the
-- schemas your applications use (one line per schema). DeployOnDebianMariaDbIT runs this file.

-- the catalog schema: admin init creates and migrates it, and grants the gateways' login its share
GRANT ALL PRIVILEGES ON `grantgate`.* TO 'gg_admin'@'127.0.0.1' WITH GRANT OPTION;
-- backend accounts (CREATE/ALTER/RENAME/DROP USER) and 'admin reload' (FLUSH PRIVILEGES)
GRANT CREATE USER, RELOAD ON *.* TO 'gg_admin'@'127.0.0.1';
-- 'admin doctor' and 'admin grant' read the grant tables (mysql.user, mysql.db, mysql.tables_priv)
GRANT SELECT ON `mysql`.* TO 'gg_admin'@'127.0.0.1';
-- what the admin may hand out to GrantGate accounts, schema by schema
GRANT SELECT, INSERT, UPDATE, DELETE ON `shop`.* TO 'gg_admin'@'127.0.0.1' WITH GRANT OPTION;
