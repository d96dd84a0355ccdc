package io.grantgate.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.grantgate.auth.Secret;
import io.grantgate.command.PasswordChange.NewPassword;
import io.grantgate.command.PasswordChange.Statement;
import io.grantgate.command.PasswordChange.Target;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordStatementTest {

    /** The command at offset 4 of a longer buffer with stale bytes around it, as a relay loop holds it. */
    private static Triage decide(CommandType command, String sql) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[4 + 1 + text.length + 7];
        java.util.Arrays.fill(buffer, (byte) ';');
        buffer[4] = (byte) command.code();
        System.arraycopy(text, 0, buffer, 5, text.length);
        return CommandTriage.decide(buffer, 4, 1 + text.length);
    }

    private static Triage query(String sql) {
        return decide(CommandType.COM_QUERY, sql);
    }

    private static Triage.ChangePassword change(Statement statement, Target target, NewPassword password) {
        return new Triage.ChangePassword(new PasswordChange(statement, target, password));
    }

    private static NewPassword clear(String password) {
        return new NewPassword.Cleartext(new Secret(password));
    }

    private static final Triage.ChangePassword OWN_SET_X = change(Statement.SET_PASSWORD, Target.OWN, clear("x"));
    private static final Triage.ChangePassword OWN_ALTER_X = change(Statement.ALTER_USER, Target.OWN, clear("x"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET PASSWORD = PASSWORD('x')",
                "set password=password('x')",
                "  SET\tPASSWORD\n=\nPASSWORD ( 'x' ) ",
                "SET PASSWORD = PASSWORD(\"x\");",
                "/* pool */ SET /* a */ PASSWORD /* b */ = PASSWORD('x')",
                "-- comment\nSET PASSWORD = PASSWORD('x') # trailing",
                "SET PASSWORD FOR CURRENT_USER() = PASSWORD('x')",
                "SET PASSWORD FOR current_user = PASSWORD('x')",
                "/*!SET PASSWORD = PASSWORD('x')*/",
                "/*M!100000 SET PASSWORD = PASSWORD('x') */",
            })
    void setPasswordOfTheSessionItself(String sql) {
        assertThat(query(sql)).isEqualTo(OWN_SET_X);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ALTER USER CURRENT_USER() IDENTIFIED BY 'x'",
                "alter user current_user identified by 'x';",
                "ALTER USER USER() IDENTIFIED BY 'x'",
                "/* c */ ALTER/**/USER CURRENT_USER ( ) IDENTIFIED BY 'x'",
            })
    void alterUserOfTheSessionItself(String sql) {
        assertThat(query(sql)).isEqualTo(OWN_ALTER_X);
    }

    @Test
    void namesAndLiteralsAreReadAsTheServerReadsThem() {
        assertThat(query("SET PASSWORD FOR 'bob'@'10.0.0.%' = PASSWORD('it''s')"))
                .isEqualTo(change(
                        Statement.SET_PASSWORD, new Target.Named("bob", Optional.of("10.0.0.%")), clear("it's")));
        assertThat(query("SET PASSWORD FOR bob = PASSWORD('a\\\\b\\'c')"))
                .isEqualTo(change(Statement.SET_PASSWORD, new Target.Named("bob", Optional.empty()), clear("a\\b'c")));
        assertThat(query("SET PASSWORD FOR `bob`@localhost = PASSWORD('é;x')"))
                .isEqualTo(change(
                        Statement.SET_PASSWORD, new Target.Named("bob", Optional.of("localhost")), clear("é;x")));
        assertThat(query("ALTER USER 'bob'@'%' IDENTIFIED BY 'x'"))
                .isEqualTo(change(Statement.ALTER_USER, new Target.Named("bob", Optional.of("%")), clear("x")));
        assertThat(query("SET PASSWORD = '*0123'"))
                .isEqualTo(change(
                        Statement.SET_PASSWORD, Target.OWN, new NewPassword.Literal(new Secret("*0123"), false)));
        assertThat(query("ALTER USER CURRENT_USER() IDENTIFIED BY PASSWORD '*0123'"))
                .isEqualTo(
                        change(Statement.ALTER_USER, Target.OWN, new NewPassword.Literal(new Secret("*0123"), true)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // other password-changing forms
                "SET PASSWORD = OLD_PASSWORD('x')",
                "SET PASSWORD = PASSWORD('x') + 1",
                "SET PASSWORD = PASSWORD(@x)",
                "SET PASSWORD = @x",
                "SET @a = 1, PASSWORD = PASSWORD('x')",
                "SET STATEMENT max_statement_time=1 FOR SET PASSWORD = PASSWORD('x')",
                "ALTER USER CURRENT_USER() IDENTIFIED WITH mysql_native_password BY 'x'",
                "ALTER USER CURRENT_USER() IDENTIFIED VIA mysql_native_password USING PASSWORD('x')",
                "ALTER USER CURRENT_USER() IDENTIFIED BY 'x' REPLACE 'y'",
                "ALTER USER CURRENT_USER() PASSWORD EXPIRE",
                "ALTER USER IF EXISTS bob IDENTIFIED BY 'x'",
                "alter user bob account lock",
                "GRANT SELECT ON *.* TO bob IDENTIFIED BY 'x'",
                // multi-statements: refused whole
                "SELECT 1; SET PASSWORD = PASSWORD('x')",
                "SET PASSWORD = PASSWORD('x'); SELECT 1",
                "SET NAMES utf8mb4; /* */ ALTER USER CURRENT_USER() IDENTIFIED BY 'x'",
                // prepared from text
                "PREPARE s FROM 'SET PASSWORD = PASSWORD(\\'x\\')'",
                "PREPARE s FROM \"ALTER USER CURRENT_USER() IDENTIFIED BY 'x'\"",
                "EXECUTE IMMEDIATE 'SET PASSWORD = PASSWORD(\"x\")'",
                // prepared from an expression: what it runs cannot be known before it runs
                "PREPARE s FROM CONCAT('SET PASS', 'WORD = PASSWORD(''x'')')",
                "EXECUTE IMMEDIATE CONCAT('SET PASS', 'WORD = PASSWORD(''x'')')",
                "EXECUTE IMMEDIATE X'5345542050415353574f5244203d2050415353574f5244282778272927'",
                "EXECUTE IMMEDIATE _utf8mb4'SET PASSWORD = PASSWORD(''x'')'",
                "PREPARE s FROM 'SET PASS' 'WORD = PASSWORD(''x'')'",
                "EXECUTE IMMEDIATE 'SELECT 1' || 'x'",
                "PREPARE s FROM @@session.init_connect",
                "PREPARE s FROM @a.b",
                "EXECUTE IMMEDIATE f('x')",
                // a variable the batch itself may set before the PREPARE runs
                "SET @p = 'SET PASSWORD = PASSWORD(''x'')'; PREPARE s FROM @p",
                "EXECUTE IMMEDIATE @p; SELECT 1",
            })
    void everyOtherPasswordStatementIsRefusedWhole(String sql) {
        assertThat(query(sql)).isInstanceOfSatisfying(Triage.Refuse.class, refuse -> {
            assertThat(refuse.error().errorCode()).isEqualTo(MySqlError.ER_NOT_SUPPORTED_YET.code());
            assertThat(refuse.error().message()).doesNotContain("'x'");
            assertThat(refuse.reason()).doesNotContain("'x'");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET PASSWORD = PASSWORD('x')",
                "ALTER USER CURRENT_USER() IDENTIFIED BY 'x'",
                "/* x */ set password for current_user() = '*0123'",
            })
    void preparingAPasswordStatementIsRefused(String sql) {
        assertThat(decide(CommandType.COM_STMT_PREPARE, sql))
                .isInstanceOfSatisfying(
                        Triage.Refuse.class,
                        refuse -> assertThat(refuse.error().errorCode())
                                .isEqualTo(MySqlError.ER_NOT_SUPPORTED_YET.code()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SELECT password FROM users WHERE id = ?",
                "SET NAMES utf8mb4",
                "SET @password = 'x'",
                "SET autocommit = 1, sql_mode = 'ANSI'",
                "SELECT 'SET PASSWORD = PASSWORD(1)'",
                "UPDATE users SET password = 'x' WHERE id = 1",
                "SELECT 1; UPDATE users SET password = 'x'",
                "ALTER TABLE users ADD COLUMN password VARCHAR(64)",
                "PREPARE s FROM 'SELECT password FROM users'",
                "EXECUTE IMMEDIATE 'SELECT ?' USING 1",
                "SETTINGS",
                "GRANT SELECT ON db.* TO bob",
            })
    void statementsThatChangeNoPasswordAreRelayed(String sql) {
        assertThat(query(sql)).isInstanceOf(Triage.Relay.class);
        assertThat(decide(CommandType.COM_STMT_PREPARE, sql)).isEqualTo(new Triage.Relay(CommandType.COM_STMT_PREPARE));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "PREPARE s FROM @p",
                "prepare `s` from @`p`",
                "/* app */ PREPARE s FROM @'p';",
                "EXECUTE IMMEDIATE @p",
                "EXECUTE IMMEDIATE @\"p\" USING 1, @a",
            })
    void aStatementFromAUserVariableIsReadFromTheBackendFirst(String sql) {
        assertThat(query(sql)).isEqualTo(new Triage.PrepareFromVariable("p"));
        // COM_STMT_PREPARE of a PREPARE or EXECUTE: the server refuses to prepare those itself
        assertThat(decide(CommandType.COM_STMT_PREPARE, sql)).isEqualTo(new Triage.Relay(CommandType.COM_STMT_PREPARE));
    }

    private static java.util.List<String> row(String isNull, String value) {
        return java.util.Arrays.asList(
                isNull,
                value == null ? null : java.util.HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aVariableHoldingAPasswordStatementIsRefusedAndAnyOtherRelayed() {
        Triage.PrepareFromVariable prepare = new Triage.PrepareFromVariable("p`q");
        assertThat(prepare.valueQuery()).isEqualTo("SELECT @`p``q` IS NULL, HEX(CONVERT(@`p``q` USING utf8mb4))");

        assertThat(prepare.refusal(row("0", "SELECT ?"))).isEmpty();
        assertThat(prepare.refusal(row("0", "SELECT 'SET PASSWORD = PASSWORD(1)'")))
                .isEmpty();
        assertThat(prepare.refusal(row("1", null)))
                .as("NULL: the backend answers it")
                .isEmpty();
        for (String held : java.util.List.of(
                "SET PASSWORD = PASSWORD('x')",
                "/*!ALTER USER CURRENT_USER() IDENTIFIED BY 'x' */",
                "set @a = 1, password = 'x'",
                "EXECUTE IMMEDIATE 'SET PASSWORD = PASSWORD(''x'')'",
                "PREPARE t FROM @q",
                "S\0E\0T\0 \0P\0A\0S\0S\0W\0O\0R\0D")) {
            assertThat(prepare.refusal(row("0", held))).as(held).hasValueSatisfying(refuse -> {
                assertThat(refuse.error().errorCode()).isEqualTo(MySqlError.ER_NOT_SUPPORTED_YET.code());
                assertThat(refuse.error().message()).doesNotContain("'x'");
            });
        }
        // HEX() gives NULL past max_allowed_packet: what cannot be read is refused
        assertThat(prepare.refusal(row("0", null))).isPresent();
        assertThat(prepare.refusal(java.util.Arrays.asList("0", "ABC"))).isPresent();
        assertThat(prepare.refusal(java.util.Arrays.asList("0", "ZZ"))).isPresent();
        assertThat(prepare.refusal(java.util.List.of("0"))).isPresent();
    }

    @Test
    void aKillIsStillAKill() {
        assertThat(query("KILL 7")).isInstanceOf(Triage.Kill.class);
        assertThat(query("KILL 7; SET PASSWORD = PASSWORD('x')")).isInstanceOf(Triage.Refuse.class);
    }
}
