package io.grantgate.command;

import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.constant.MySqlError;
import java.util.Optional;

/**
 * The one place that decides, per client command, whether the gateway relays it to the backend or
 * answers it itself ({@link Triage}). Both relay paths call it: the session's thread
 * ({@code edge.CommandLoop}) and the relay loops ({@code edge.LoopedSession}). It reads the command
 * byte and, for COM_QUERY, the first word and whether there is a {@code ;} at all: a statement
 * that neither starts with KILL nor has a {@code ;} is relayed after one pass over its bytes for
 * that one byte, so the hot path pays next to nothing ({@link KillStatement}).
 *
 * <p>What the gateway answers, and why: COM_QUIT (the backend connection is pooled, not closed);
 * COM_CHANGE_USER (the new account is a gateway account, authenticated by the gateway); a KILL
 * that is the only statement, of a connection id a client can see or of the session itself (the
 * gateway maps it to one of its sessions); and, with 1047 as MySQL answers them, unknown command codes and commands
 * whose response the tracker cannot delimit (replication streams, COM_CLONE), which could not be
 * relayed without losing the session's framing; a password statement ({@link PasswordStatement}),
 * carried out on the catalog when it is a plain SET PASSWORD or ALTER USER … IDENTIFIED BY alone,
 * refused otherwise (1235) and never relayed, as the backend account's password is the gateway's;
 * a PREPARE or EXECUTE IMMEDIATE of a user variable is relayed once the variable's value, read on
 * the backend, has been found to hold none ({@link Triage.PrepareFromVariable}).
 * A multi-statement with KILLs by id is relayed
 * once the session's thread has put the backend ids in place of gateway ids ({@link Triage.KillsInBatch}).
 */
public final class CommandTriage {

    private CommandTriage() {}

    /**
     * @param bytes holds the command's payload: {@code bytes[offset]} is its command byte
     * @param length the payload's length; 0 (an empty packet) is refused as an unknown command
     */
    public static Triage decide(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return unknown("an empty command packet");
        }
        Optional<CommandType> command = CommandType.fromCode(bytes[offset] & 0xFF);
        if (command.isEmpty()) {
            return unknown("unknown command code " + (bytes[offset] & 0xFF));
        }
        CommandType type = command.get();
        return switch (type) {
            case COM_QUIT -> Triage.QUIT;
            case COM_CHANGE_USER -> Triage.CHANGE_USER;
            case COM_QUERY -> query(bytes, offset, length);
            case COM_PROCESS_KILL -> processKill(bytes, offset, length);
            case COM_STMT_PREPARE -> prepare(bytes, offset, length);
            default -> ResponseTracker.canTrack(type) ? Triage.Relay.of(type) : unknown(type + " cannot be relayed");
        };
    }

    private static Triage query(byte[] bytes, int offset, int length) {
        switch (PasswordStatement.ofQuery(bytes, offset, length)) {
            case PasswordStatement.None none -> {}
            case PasswordStatement.Change change -> {
                return new Triage.ChangePassword(change.change());
            }
            case PasswordStatement.Refused refused -> {
                return refusedPassword(refused);
            }
            case PasswordStatement.FromVariable variable -> {
                return new Triage.PrepareFromVariable(variable.name());
            }
        }
        return switch (KillStatement.parse(bytes, offset, length)) {
            case KillStatement.ForBackend forBackend -> Triage.Relay.of(CommandType.COM_QUERY);
            case KillStatement.Kill kill -> new Triage.Kill(kill.target(), kill.queryOnly());
            case KillStatement.InBatch batch -> new Triage.KillsInBatch(batch.ids());
            case KillStatement.Unsupported unsupported ->
                new Triage.Refuse(
                        MySqlError.ER_NOT_SUPPORTED_YET.err(
                                "this form of KILL through the gateway (use KILL [QUERY] <connection id>)"),
                        "unsupported KILL: " + unsupported.text());
        };
    }

    /** COM_STMT_PREPARE of a password statement is refused: its values would reach the backend at execute. */
    private static Triage prepare(byte[] bytes, int offset, int length) {
        return PasswordStatement.ofPrepare(bytes, offset, length) instanceof PasswordStatement.Refused refused
                ? refusedPassword(refused)
                : Triage.Relay.of(CommandType.COM_STMT_PREPARE);
    }

    static Triage.Refuse refusedPassword(PasswordStatement.Refused refused) {
        return new Triage.Refuse(
                MySqlError.ER_NOT_SUPPORTED_YET.err(refused.what() + " through the gateway"),
                "password statement: " + refused.what());
    }

    /** COM_PROCESS_KILL, the old command form of KILL CONNECTION: a 4-byte connection id. */
    private static Triage processKill(byte[] bytes, int offset, int length) {
        PayloadReader payload = new PayloadReader(bytes, offset, length);
        try {
            payload.readInt1();
            return new Triage.Kill(new KillTarget.ConnectionId(payload.readInt4()), false);
        } catch (MalformedPacketException e) {
            return new Triage.Refuse(MySqlError.ER_MALFORMED_PACKET.err(), "COM_PROCESS_KILL without a connection id");
        }
    }

    private static Triage unknown(String reason) {
        return new Triage.Refuse(MySqlError.ER_UNKNOWN_COM_ERROR.err(), reason);
    }
}
