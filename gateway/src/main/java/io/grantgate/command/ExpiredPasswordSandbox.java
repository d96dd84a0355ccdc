package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.util.List;

/**
 * What a session whose password has expired may do until it sets a new one, as the server's
 * sandbox mode allows (checked on MariaDB 11.4): change the password (the gateway carries it out),
 * SET statements (drivers' connection set-up: {@code SET NAMES}, {@code SET autocommit}), ping,
 * quit, change user, close a prepared statement, reset the connection. Everything else gets 1820
 * "You must SET PASSWORD before executing this statement", KILL and USE included.
 *
 * <p>The backend account is not expired, so what the sandbox lets through would run on it as it
 * runs on any session: a SET that reads data ({@code SET @x = (SELECT …)}) is therefore kept out
 * too, by the word SELECT anywhere in it, and so is a SET among other statements.
 */
public final class ExpiredPasswordSandbox {

    /** Commands without a statement that the sandbox relays. */
    private static final List<CommandType> ALLOWED = List.of(
            CommandType.COM_PING, CommandType.COM_QUIT, CommandType.COM_STMT_CLOSE, CommandType.COM_RESET_CONNECTION);

    private ExpiredPasswordSandbox() {}

    /** The error every refused command gets. */
    public static ErrPacket refusal() {
        return MySqlError.ER_MUST_CHANGE_PASSWORD.err();
    }

    /**
     * Whether the session may carry out {@code triage} of the command in {@code bytes} (its command
     * byte at {@code offset}, {@code length} bytes) while its password is expired.
     */
    public static boolean allows(Triage triage, byte[] bytes, int offset, int length) {
        return switch (triage) {
            case Triage.ChangePassword change -> true;
            case Triage.Quit quit -> true;
            case Triage.ChangeUser changeUser -> true;
            case Triage.Refuse refuse -> true; // refused anyway, with the error that says why
            case Triage.Kill kill -> false;
            case Triage.KillsInBatch batch -> false;
            case Triage.PrepareFromVariable prepare -> false;
            case Triage.Relay relay ->
                ALLOWED.contains(relay.type())
                        || relay.type() == CommandType.COM_QUERY && plainSet(bytes, offset, length);
        };
    }

    /** One SET statement that names no SELECT. */
    private static boolean plainSet(byte[] bytes, int offset, int length) {
        List<List<SqlTokens.Token>> statements = new SqlTokens(bytes, offset + 1, offset + length).statements();
        return statements.size() == 1
                && statements.get(0).get(0).is("SET")
                && statements.get(0).stream().noneMatch(token -> token.is("SELECT"));
    }
}
